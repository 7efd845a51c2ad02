using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>What every reader needs besides the event: the options, and the shared checks with their error wording.</summary>
internal readonly struct ReadContext(FormatReaderOptions options)
{
    /// <summary>
    /// The event's time from <paramref name="value"/> (named <paramref name="field"/> in errors). When absent, Panther's
    /// normalised <c>p_event_time</c> (exports from its data lake carry it), then the configured stand-in.
    /// </summary>
    public bool TryTime(JsonElement root, JsonElement? value, long unitMs, string field, out long ms, out string? error)
    {
        error = null;
        if (VendorTime.TryRead(value, unitMs, out ms))
        {
            return true;
        }

        if (value is JsonElement present && present.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            error = $"{field} '{JsonFields.Quote(present.ValueKind == JsonValueKind.String ? present.GetString() ?? "" : present.ValueKind.ToString())}' is not a date-time";
            return false;
        }

        if (VendorTime.TryRead(root.Get("p_event_time"), 1000, out ms))
        {
            return true;
        }

        if (options.MissingTimestampMs is long stand)
        {
            ms = stand;
            return true;
        }

        error = $"missing {field} (the event's time)";
        return false;
    }

    public static bool Subject(string? subject, string fields, out string? error)
    {
        error = subject is null ? $"missing subject: none of {fields} is set" : null;
        return subject is not null;
    }
}
