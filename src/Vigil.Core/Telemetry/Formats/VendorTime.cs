using System.Globalization;
using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Timestamps in the formats vendors document. A date-time without an offset is UTC (Okta, Auth0, Entra and
/// CloudTrail all write UTC; some exports drop the 'Z'), so the same line gives the same time on any host.
/// </summary>
internal static class VendorTime
{
    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;

    // Years 1970..9999 only: an event outside them is a mistake, and the engine's arithmetic stays in range.
    private const long MaxMs = 253_402_300_799_999;

    /// <summary>ISO 8601 (or "yyyy-MM-dd HH:mm:ss[.fffffffff]") as Unix milliseconds; more than 7 fractional digits are cut.</summary>
    public static bool TryParseText(string? text, out long ms)
    {
        ms = 0;
        if (text is null || text.Length is < 10 or > 64)
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out var parsed))
        {
            string? cut = CutFraction(text);
            if (cut is null || !DateTimeOffset.TryParse(cut, CultureInfo.InvariantCulture, Utc, out parsed))
            {
                return false;
            }
        }

        ms = parsed.ToUnixTimeMilliseconds();
        return ms is >= 0 and <= MaxMs;
    }

    /// <summary>A date-time string, or a number of <paramref name="unitMs"/> milliseconds since 1970 (1000 for seconds).</summary>
    public static bool TryRead(JsonElement? element, long unitMs, out long ms)
    {
        ms = 0;
        if (element is not JsonElement e)
        {
            return false;
        }

        if (e.ValueKind == JsonValueKind.Number)
        {
            if (!e.TryGetDouble(out double value) || !double.IsFinite(value))
            {
                return false;
            }

            double scaled = value * unitMs;
            if (scaled is < 0 or > MaxMs)
            {
                return false;
            }

            ms = (long)scaled;
            return true;
        }

        if (e.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        string? text = e.GetString();
        if (TryParseText(text, out ms))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number)
            && number * unitMs is >= 0 and <= MaxMs)
        {
            ms = (long)(number * unitMs);
            return true;
        }

        return false;
    }

    private static string? CutFraction(string text)
    {
        int dot = text.IndexOf('.', 10);
        if (dot < 0)
        {
            return null;
        }

        int end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 > 7 ? string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end)) : null;
    }
}
