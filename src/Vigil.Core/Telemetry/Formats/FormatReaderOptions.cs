namespace Vigil.Core.Telemetry.Formats;

/// <summary>Options of <see cref="FormatEventReader"/>.</summary>
public sealed record FormatReaderOptions
{
    /// <summary>
    /// The time (Unix milliseconds) given to an event that carries none. Null (the default) rejects such an event with an
    /// error naming the missing field. Only for hand-made test events (the rule-test samples): real exports always
    /// carry their time.
    /// </summary>
    public long? MissingTimestampMs { get; init; }
}
