namespace Vigil.Enrichment.UserAgents;

/// <summary>Operating system family names returned in <see cref="UserAgentInfo.Os"/>; shared constant strings.</summary>
public static class OsFamily
{
#pragma warning disable CS1591 // The names are their own documentation.
    public const string Other = "Other";
    public const string Windows = "Windows";
    public const string MacOs = "macOS";
    public const string Ios = "iOS";
    public const string IpadOs = "iPadOS";
    public const string Android = "Android";
    public const string Linux = "Linux";
    public const string ChromeOs = "ChromeOS";
#pragma warning restore CS1591
}
