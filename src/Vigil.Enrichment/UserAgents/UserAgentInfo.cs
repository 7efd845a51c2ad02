namespace Vigil.Enrichment.UserAgents;

/// <summary>What a user-agent string says about the client. All strings are shared constants (no per-parse allocation).</summary>
/// <param name="Browser">Browser or client family, one of <see cref="BrowserFamily"/>'s constants; <see cref="BrowserFamily.Other"/> if unknown.</param>
/// <param name="BrowserMajorVersion">Major version of the browser or client; 0 if absent.</param>
/// <param name="Os">Operating system family, one of <see cref="OsFamily"/>'s constants; <see cref="OsFamily.Other"/> if unknown.</param>
/// <param name="OsVersion">
/// OS version as reported: Windows names ("10", "8.1", "7", "Vista", "XP"; Windows 11 also reports "10"), macOS "10.15"
/// style for 10.x and the major ("14") after, otherwise the major ("17" for iOS 17.4). Null if absent.
/// </param>
/// <param name="Device">Device type.</param>
/// <param name="ScriptedClient">Why the client looks automated; <see cref="ScriptedClientKind.None"/> for browsers and apps.</param>
public readonly record struct UserAgentInfo(
    string Browser,
    int BrowserMajorVersion,
    string Os,
    string? OsVersion,
    DeviceType Device,
    ScriptedClientKind ScriptedClient)
{
    /// <summary>True when the client looks like automation (see <see cref="ScriptedClient"/>).</summary>
    public bool IsScripted => ScriptedClient != ScriptedClientKind.None;

    /// <summary>True for declared crawlers.</summary>
    public bool IsBot => Device == DeviceType.Bot;
}
