namespace Vigil.Core.Telemetry;

/// <summary>One line of an NDJSON input: an event, or the reason it could not be read.</summary>
public readonly record struct EcsLine(long LineNumber, TelemetryEvent Event, string? Error)
{
    /// <summary>True when the line held a usable event.</summary>
    public bool IsEvent => Error is null;
}
