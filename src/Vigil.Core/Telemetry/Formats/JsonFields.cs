using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// Lenient, bounded access to a parsed vendor event. Property names match exactly first, then ignoring case (exports
/// and SIEM copies often lower-case keys). Strings are cut at <see cref="MaxStringChars"/>: no field Vigil reads is
/// longer, and a hostile event cannot make one value cost more than that.
/// </summary>
internal static class JsonFields
{
    public const int MaxStringChars = 2048;

    public static JsonElement? Get(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (element.TryGetProperty(name, out var value))
        {
            return value;
        }

        // Absent fields are the common case (detection, optional fields): compare the raw UTF-8 names, which allocates
        // nothing, rather than property.Name, which allocates a string per property per lookup. An escaped name
        // ("\u0061ctor") only matches exactly, above.
        foreach (var property in element.EnumerateObject())
        {
            if (Ascii.EqualsIgnoreCase(JsonMarshal.GetRawUtf8PropertyName(property), name))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Get(this JsonElement element, string first, string second) =>
        element.Get(first) is JsonElement inner ? inner.Get(second) : null;

    public static JsonElement? Get(this JsonElement element, string first, string second, string third) =>
        element.Get(first, second) is JsonElement inner ? inner.Get(third) : null;

    public static JsonElement? Get(this JsonElement? element, string name) => element is JsonElement e ? e.Get(name) : null;

    public static JsonElement? Get(this JsonElement? element, string first, string second) => element is JsonElement e ? e.Get(first, second) : null;

    /// <summary>A scalar as text (numbers as written, booleans as true/false); null for absent, null, empty, objects and arrays.</summary>
    public static string? Text(this JsonElement? element)
    {
        if (element is not JsonElement e)
        {
            return null;
        }

        string? text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text) || text is "null" or "-")
        {
            return null;
        }

        return text.Length > MaxStringChars ? text[..MaxStringChars] : text;
    }

    public static string? Text(this JsonElement element, string name) => element.Get(name).Text();

    public static string? Text(this JsonElement element, string first, string second) => element.Get(first, second).Text();

    public static string? Text(this JsonElement element, string first, string second, string third) => element.Get(first, second, third).Text();

    public static bool? Bool(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.Value.GetString()?.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "1" => true,
            "FALSE" or "NO" or "0" => false,
            _ => null,
        },
        JsonValueKind.Number => element.Value.TryGetInt64(out long n) ? n != 0 : null,
        _ => null,
    };

    public static double? Double(this JsonElement? element)
    {
        if (element is not JsonElement e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double d))
        {
            return double.IsFinite(d) ? d : null;
        }

        return e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d) ? d : null;
    }

    public static long? Long(this JsonElement? element)
    {
        if (element is not JsonElement e)
        {
            return null;
        }

        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long n))
        {
            return n;
        }

        return e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n) ? n : null;
    }

    /// <summary>The elements of an array (nothing for anything else), at most <paramref name="max"/> of them.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement? element, int max = 256)
    {
        if (element is not JsonElement { ValueKind: JsonValueKind.Array } e)
        {
            yield break;
        }

        int count = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (count++ >= max)
            {
                yield break;
            }

            yield return item;
        }
    }

    /// <summary>An IP address, or null when the text is absent or not an address (CloudTrail writes service names there).</summary>
    public static IPAddress? Ip(string? text)
    {
        if (text is null)
        {
            return null;
        }

        // Okta and others may append a port; IPv6 in brackets; X-Forwarded-For style lists keep the first hop.
        int comma = text.IndexOf(',', StringComparison.Ordinal);
        var span = (comma > 0 ? text.AsSpan(0, comma) : text.AsSpan()).Trim();
        if (IPAddress.TryParse(span, out var ip))
        {
            return ip;
        }

        if (span.Length > 2 && span[0] == '[' && span.IndexOf(']') is int close and > 1 && IPAddress.TryParse(span[1..close], out ip))
        {
            return ip;
        }

        int colon = span.LastIndexOf(':');
        return colon > 0 && span.IndexOf(':') == colon && IPAddress.TryParse(span[..colon], out ip) ? ip : null;
    }

    public static GeoPoint? Point(double? latitude, double? longitude) =>
        latitude is double lat && longitude is double lon && lat is >= -90 and <= 90 && lon is >= -180 and <= 180 && !(lat == 0 && lon == 0)
            ? new GeoPoint(lat, lon)
            : null;

    public static string? Lower(string? text) => text?.ToLowerInvariant();

    public static string Quote(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
