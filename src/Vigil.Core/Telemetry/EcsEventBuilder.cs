using System.Text.Json;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Builds a <see cref="TelemetryEvent"/> from ECS fields given one by one (dotted path and JSON value), with exactly
/// the conversions and checks of <see cref="EcsEventReader"/>: both fill the same raw event. For callers that already
/// hold parsed JSON (the decision service) and would otherwise write an ECS document only to read it back.
/// Not thread-safe: it reuses its buffers.
/// </summary>
public sealed class EcsEventBuilder
{
    private readonly RawEcsEvent _raw = new();

    /// <summary>Starts a new event.</summary>
    public void Clear() => _raw.Clear();

    /// <summary>
    /// Sets the field at <paramref name="path"/> (as in docs/telemetry.md, e.g. <c>labels.session_id</c>) from one
    /// UTF-8 JSON value: a scalar, or an array of scalars. Unknown paths and object values are ignored, as the reader
    /// ignores them; a field given twice keeps its first value, as in the reader.
    /// </summary>
    public void Add(string path, ReadOnlySpan<byte> utf8JsonValue)
    {
        if (!EcsFieldMap.Paths.TryGetValue(path, out var field))
        {
            return;
        }

        var reader = new Utf8JsonReader(utf8JsonValue);
        if (!reader.Read())
        {
            return;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                _raw.SetArray(field, ref reader);
                break;
            case JsonTokenType.StartObject:
                break;
            default:
                _raw.Set(field, ref reader);
                break;
        }
    }

    /// <summary>Checks the fields set since <see cref="Clear"/> and builds the event; on failure says what is wrong.</summary>
    public bool TryBuild(out TelemetryEvent telemetryEvent, out string? error) => _raw.TryBuild(out telemetryEvent, out error);
}
