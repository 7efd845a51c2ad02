namespace Vigil.Server.SharedSignals;

/// <summary>Stream statuses (SSF 1.0 section 8.1.2): enabled delivers, paused holds (delivered on resume), disabled drops.</summary>
internal static class StreamStatus
{
    public const string Enabled = "enabled";
    public const string Paused = "paused";
    public const string Disabled = "disabled";

    public static bool IsValid(string? status) => status is Enabled or Paused or Disabled;
}
