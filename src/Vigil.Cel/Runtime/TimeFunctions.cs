using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>Timestamps and durations: parsing (RFC 3339, Go duration syntax), formatting, ranges and accessors.</summary>
internal static class TimeFunctions
{
    // google.protobuf.Timestamp range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z.
    private const long MinTimestampSeconds = -62135596800;
    private const long MaxTimestampSeconds = 253402300799;

    // Durations are limited to a signed 64-bit count of nanoseconds (about +-292 years), as in cel-go;
    // the conformance suite expects the difference of the extreme timestamps to be a range error.

    private static readonly Dictionary<string, TimeZoneInfo?> ZoneCache = new(StringComparer.Ordinal);
    private static readonly Lock ZoneLock = new();

    public static CelValue MakeTimestamp(Int128 nanos)
    {
        var v = CelValue.FromDurationNanos(nanos);
        return v.Seconds < MinTimestampSeconds || v.Seconds > MaxTimestampSeconds ? Errors.TimestampRange : CelValue.TimestampRaw(v.Seconds, v.Nanos);
    }

    public static CelValue MakeDuration(Int128 nanos)
    {
        return nanos > long.MaxValue || nanos < long.MinValue ? Errors.DurationRange : CelValue.FromDurationNanos(nanos);
    }

    public static CelValue ToTimestamp(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Timestamp: return v;
            case CelKind.Int:
                return v.AsInt < MinTimestampSeconds || v.AsInt > MaxTimestampSeconds ? Errors.TimestampRange : CelValue.TimestampRaw(v.AsInt, 0);
            case CelKind.String: return ParseTimestamp(v.AsString!);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue ToDuration(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Duration: return v;
            case CelKind.String: return ParseDuration(v.AsString!);
            case CelKind.Int: return MakeDuration((Int128)v.AsInt * 1_000_000_000);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue ParseTimestamp(string s)
    {
        // yyyy-MM-ddTHH:mm:ss[.fffffffff](Z|+hh:mm|-hh:mm)
        var bad = CelValue.Error($"timestamp parse error: '{s}' is not RFC 3339");
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return s.Length > 4 && char.IsAsciiDigit(s[4]) ? Errors.TimestampRange : bad;
        }

        if (!TryDigits(s, 0, 4, out int year) || !TryDigits(s, 5, 2, out int month) || !TryDigits(s, 8, 2, out int day)
            || !TryDigits(s, 11, 2, out int hour) || !TryDigits(s, 14, 2, out int minute) || !TryDigits(s, 17, 2, out int second))
        {
            return bad;
        }

        int i = 19;
        int nanos = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            int n = i - start;
            if (n == 0 || n > 9)
            {
                return bad;
            }

            nanos = int.Parse(s.AsSpan(start, n), NumberStyles.None, CultureInfo.InvariantCulture);
            for (int k = n; k < 9; k++)
            {
                nanos *= 10;
            }
        }

        int offsetSeconds;
        if (i < s.Length && (s[i] == 'Z' || s[i] == 'z') && i == s.Length - 1)
        {
            offsetSeconds = 0;
        }
        else if (i + 6 == s.Length && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':'
            && TryDigits(s, i + 1, 2, out int oh) && TryDigits(s, i + 4, 2, out int om) && oh < 24 && om < 60)
        {
            offsetSeconds = ((oh * 60) + om) * 60 * (s[i] == '-' ? -1 : 1);
        }
        else
        {
            return bad;
        }

        if (year == 0)
        {
            return Errors.TimestampRange;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return bad;
        }

        long days = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Ticks / TimeSpan.TicksPerDay;
        long unixDays = days - (DateTime.UnixEpoch.Ticks / TimeSpan.TicksPerDay);
        long secs = (unixDays * 86400) + (hour * 3600) + (minute * 60) + second - offsetSeconds;
        return MakeTimestamp(((Int128)secs * 1_000_000_000) + nanos);
    }

    private static bool TryDigits(string s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (int k = start; k < start + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }

            value = (value * 10) + (s[k] - '0');
        }

        return true;
    }

    /// <summary>Go time.ParseDuration syntax: e.g. "1h30m", "-1.5s", "100ms", "10us", "5ns".</summary>
    public static CelValue ParseDuration(string s)
    {
        var bad = CelValue.Error($"duration parse error: invalid duration '{s}'");
        int i = 0;
        bool neg = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            neg = s[i] == '-';
            i++;
        }

        if (s.AsSpan(i).SequenceEqual("0"))
        {
            return CelValue.DurationRaw(0, 0);
        }

        if (i >= s.Length)
        {
            return bad;
        }

        Int128 total = 0;
        while (i < s.Length)
        {
            int start = i;
            Int128 whole = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                whole = (whole * 10) + (s[i] - '0');
                // Anything this large is out of range in every unit; stopping here also keeps Int128 from wrapping.
                if (whole > (Int128)1e20)
                {
                    return Errors.DurationRange;
                }

                i++;
            }

            Int128 frac = 0;
            Int128 scale = 1;
            bool hadDigits = i > start;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    if (scale < (Int128)1e18)
                    {
                        frac = (frac * 10) + (s[i] - '0');
                        scale *= 10;
                    }

                    hadDigits = true;
                    i++;
                }
            }

            if (!hadDigits)
            {
                return bad;
            }

            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            long unit = s.AsSpan(unitStart, i - unitStart) switch
            {
                "ns" => 1,
                "us" or "\u00b5s" or "\u03bcs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => 0,
            };
            if (unit == 0)
            {
                return bad;
            }

            total += (whole * unit) + (frac * unit / scale);
            if (total > (Int128)1e36)
            {
                return Errors.DurationRange;
            }
        }

        return MakeDuration(neg ? -total : total);
    }

    public static string FormatTimestamp(CelValue v)
    {
        var dt = DateTime.UnixEpoch.AddSeconds(v.Seconds);
        var sb = new StringBuilder(dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (v.Nanos != 0)
        {
            sb.Append('.').Append(v.Nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('Z').ToString();
    }

    public static string FormatDuration(CelValue v)
    {
        Int128 n = v.TotalNanos;
        bool neg = n < 0;
        if (neg)
        {
            n = -n;
        }

        var (secs, frac) = Int128.DivRem(n, 1_000_000_000);
        var sb = new StringBuilder();
        if (neg)
        {
            sb.Append('-');
        }

        sb.Append(secs.ToString(CultureInfo.InvariantCulture));
        if (frac != 0)
        {
            sb.Append('.').Append(((long)frac).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        return sb.Append('s').ToString();
    }

    public enum Part
    {
        FullYear,
        Month,
        DayOfYear,
        DayOfMonth,
        Date,
        DayOfWeek,
        Hours,
        Minutes,
        Seconds,
        Milliseconds,
    }

    public static CelValue Accessor(Part part, CelValue v, CelValue zone)
    {
        if (v.Kind == CelKind.Duration && zone.Kind == CelKind.Null)
        {
            Int128 n = v.TotalNanos;
            return part switch
            {
                Part.Hours => CelValue.Int((long)(n / 3_600_000_000_000)),
                Part.Minutes => CelValue.Int((long)(n / 60_000_000_000)),
                Part.Seconds => CelValue.Int((long)(n / 1_000_000_000)),
                Part.Milliseconds => CelValue.Int((long)(n % 1_000_000_000 / 1_000_000)),
                _ => Errors.NoSuchOverload,
            };
        }

        if (v.Kind != CelKind.Timestamp || (zone.Kind != CelKind.Null && zone.Kind != CelKind.String))
        {
            return Errors.NoSuchOverload;
        }

        long offsetSeconds = 0;
        if (zone.Kind == CelKind.String)
        {
            var tz = ResolveZone(zone.AsString!, out long fixedOffset, out bool isFixed);
            if (isFixed)
            {
                offsetSeconds = fixedOffset;
            }
            else if (tz is null)
            {
                return CelValue.Error($"unknown time zone '{zone.AsString}'");
            }
            else
            {
                var utc = DateTime.UnixEpoch.AddSeconds(v.Seconds);
                offsetSeconds = (long)tz.GetUtcOffset(utc).TotalSeconds;
            }
        }

        long local = v.Seconds + offsetSeconds;
        if (local < MinTimestampSeconds || local > MaxTimestampSeconds)
        {
            return Errors.TimestampRange;
        }

        var t = DateTime.UnixEpoch.AddSeconds(local);
        return part switch
        {
            Part.FullYear => CelValue.Int(t.Year),
            Part.Month => CelValue.Int(t.Month - 1),
            Part.DayOfYear => CelValue.Int(t.DayOfYear - 1),
            Part.DayOfMonth => CelValue.Int(t.Day - 1),
            Part.Date => CelValue.Int(t.Day),
            Part.DayOfWeek => CelValue.Int((int)t.DayOfWeek),
            Part.Hours => CelValue.Int(t.Hour),
            Part.Minutes => CelValue.Int(t.Minute),
            Part.Seconds => CelValue.Int(t.Second),
            Part.Milliseconds => CelValue.Int(v.Nanos / 1_000_000),
            _ => Errors.NoSuchOverload,
        };
    }

    private static TimeZoneInfo? ResolveZone(string name, out long fixedOffset, out bool isFixed)
    {
        fixedOffset = 0;
        isFixed = false;
        // Fixed offsets: [+|-]hh:mm (a missing sign means +).
        var span = name.AsSpan();
        int sign = 1;
        if (span.Length > 0 && (span[0] == '+' || span[0] == '-'))
        {
            sign = span[0] == '-' ? -1 : 1;
            span = span[1..];
        }

        if (span.Length == 5 && span[2] == ':' && char.IsAsciiDigit(span[0]) && char.IsAsciiDigit(span[1])
            && char.IsAsciiDigit(span[3]) && char.IsAsciiDigit(span[4]))
        {
            int h = ((span[0] - '0') * 10) + (span[1] - '0');
            int m = ((span[3] - '0') * 10) + (span[4] - '0');
            isFixed = true;
            fixedOffset = sign * ((h * 3600) + (m * 60));
            return null;
        }

        if (string.Equals(name, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            isFixed = true;
            return null;
        }

        lock (ZoneLock)
        {
            if (!ZoneCache.TryGetValue(name, out var tz))
            {
                try
                {
                    tz = TimeZoneInfo.FindSystemTimeZoneById(name);
                }
                catch (TimeZoneNotFoundException)
                {
                    tz = null;
                }
                catch (InvalidTimeZoneException)
                {
                    tz = null;
                }

                if (ZoneCache.Count < 1024)
                {
                    ZoneCache[name] = tz;
                }
            }

            return tz;
        }
    }
}
