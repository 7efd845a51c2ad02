namespace Vigil.Core.Telemetry;

/// <summary>ECS <c>event.outcome</c>.</summary>
public enum EventOutcome : byte
{
    /// <summary>Not stated.</summary>
    Unknown,
    /// <summary>The action succeeded.</summary>
    Success,
    /// <summary>The action failed.</summary>
    Failure,
}
