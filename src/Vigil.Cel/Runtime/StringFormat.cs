using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>string.format(list) of the strings extension: %s %d %f %e %b %o %x %X and %%.</summary>
internal static class StringFormat
{
    public static CelValue Format(CelValue format, CelValue args)
    {
        if (format.Kind != CelKind.String || args.Kind != CelKind.List)
        {
            return Errors.NoSuchOverload;
        }

        string f = format.AsString!;
        var list = args.AsList!;
        var sb = new StringBuilder(f.Length + 16);
        int argIndex = 0;
        for (int i = 0; i < f.Length; i++)
        {
            char c = f[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }

            i++;
            if (i >= f.Length)
            {
                return CelValue.Error("could not parse formatting clause: unterminated clause");
            }

            if (f[i] == '%')
            {
                sb.Append('%');
                continue;
            }

            int precision = -1;
            if (f[i] == '.')
            {
                i++;
                int start = i;
                while (i < f.Length && char.IsAsciiDigit(f[i]))
                {
                    i++;
                }

                if (i == start || i >= f.Length || i - start > 3)
                {
                    return CelValue.Error("could not parse formatting clause: invalid precision");
                }

                precision = int.Parse(f.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture);
            }

            char verb = f[i];
            if (verb is not ('s' or 'd' or 'f' or 'e' or 'b' or 'o' or 'x' or 'X'))
            {
                return CelValue.Error($"could not parse formatting clause: unrecognized formatting clause \"{verb}\"");
            }

            if (argIndex >= list.Count)
            {
                return CelValue.Error($"index {argIndex.ToString(CultureInfo.InvariantCulture)} out of range");
            }

            var arg = list[argIndex++];
            string? error = verb switch
            {
                's' => AppendString(sb, arg),
                'd' => AppendDecimal(sb, arg),
                'f' => AppendFixed(sb, arg, precision < 0 ? 6 : precision),
                'e' => AppendScientific(sb, arg, precision < 0 ? 6 : precision),
                'b' => AppendRadix(sb, arg, 2, "only integers and bools can be formatted as binary"),
                'o' => AppendRadix(sb, arg, 8, "octal clause can only be used on integers"),
                _ => AppendHex(sb, arg, verb == 'X'),
            };
            if (error is not null)
            {
                return CelValue.Error("error during formatting: " + error);
            }
        }

        return EvaluationBudget.TryAllocate(sb.Length, out var full) ? CelValue.String(sb.ToString()) : full;
    }

    private static string? AppendString(StringBuilder sb, CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Null: sb.Append("null"); return null;
            case CelKind.Bool: sb.Append(v.AsBool ? "true" : "false"); return null;
            case CelKind.Int: sb.Append(v.AsInt.ToString(CultureInfo.InvariantCulture)); return null;
            case CelKind.Uint: sb.Append(v.AsUint.ToString(CultureInfo.InvariantCulture)); return null;
            case CelKind.Double: sb.Append(FormatSpecial(v.AsDouble) ?? Conversions.FormatDouble(v.AsDouble)); return null;
            case CelKind.String: sb.Append(v.AsString); return null;
            case CelKind.Bytes:
                var s = Conversions.ToStringValue(v);
                if (s.IsError)
                {
                    return "invalid UTF-8 in bytes";
                }

                sb.Append(s.AsString);
                return null;
            case CelKind.Timestamp: sb.Append(TimeFunctions.FormatTimestamp(v)); return null;
            case CelKind.Duration: sb.Append(TimeFunctions.FormatDuration(v)); return null;
            case CelKind.Type: sb.Append(v.AsType!.Name); return null;
            case CelKind.Opaque: sb.Append(v.AsOpaque!.ToString()); return null;
            case CelKind.List:
                sb.Append('[');
                var list = v.AsList!;
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    if (AppendString(sb, list[i]) is { } err)
                    {
                        return err;
                    }
                }

                sb.Append(']');
                return null;
            case CelKind.Map:
                var map = v.AsMap!;
                var entries = new List<(string Key, CelValue Value)>();
                foreach (var key in map.Keys)
                {
                    var ksb = new StringBuilder();
                    if (AppendString(ksb, key) is { } err)
                    {
                        return err;
                    }

                    map.TryGetValue(key, out var value);
                    entries.Add((ksb.ToString(), value));
                }

                entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                sb.Append('{');
                for (int i = 0; i < entries.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(entries[i].Key).Append(": ");
                    if (AppendString(sb, entries[i].Value) is { } err)
                    {
                        return err;
                    }
                }

                sb.Append('}');
                return null;
            default:
                return "string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps";
        }
    }

    private static string? FormatSpecial(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : null;

    private static string? AppendDecimal(StringBuilder sb, CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Int: sb.Append(v.AsInt.ToString(CultureInfo.InvariantCulture)); return null;
            case CelKind.Uint: sb.Append(v.AsUint.ToString(CultureInfo.InvariantCulture)); return null;
            case CelKind.Double when FormatSpecial(v.AsDouble) is { } special: sb.Append(special); return null;
            default: return "decimal clause can only be used on integers, was given " + ValueOps.TypeOf(v).Name;
        }
    }

    private static bool TryDouble(CelValue v, out double d)
    {
        d = v.Kind switch
        {
            CelKind.Double => v.AsDouble,
            CelKind.Int => v.AsInt,
            CelKind.Uint => v.AsUint,
            _ => double.NaN,
        };
        return v.Kind is CelKind.Double or CelKind.Int or CelKind.Uint;
    }

    private static string? AppendFixed(StringBuilder sb, CelValue v, int precision)
    {
        if (!TryDouble(v, out double d))
        {
            return "fixed-point clause can only be used on doubles, was given " + ValueOps.TypeOf(v).Name;
        }

        if (FormatSpecial(d) is { } special)
        {
            sb.Append(special);
            return null;
        }

        // Round half to even at the requested precision, as Go's strconv does for exact ties.
        double rounded = precision <= 15 ? Math.Round(d, precision, MidpointRounding.ToEven) : d;
        sb.Append(rounded.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        return null;
    }

    private static string? AppendScientific(StringBuilder sb, CelValue v, int precision)
    {
        if (!TryDouble(v, out double d))
        {
            return "scientific clause can only be used on doubles, was given " + ValueOps.TypeOf(v).Name;
        }

        if (FormatSpecial(d) is { } special)
        {
            sb.Append(special);
            return null;
        }

        string pattern = precision == 0 ? "0e+00" : "0." + new string('0', precision) + "e+00";
        sb.Append(d.ToString(pattern, CultureInfo.InvariantCulture));
        return null;
    }

    private static string? AppendRadix(StringBuilder sb, CelValue v, int radix, string error)
    {
        switch (v.Kind)
        {
            case CelKind.Int:
                long i = v.AsInt;
                if (i < 0)
                {
                    sb.Append('-');
                }

                sb.Append(ToRadix(i < 0 ? (ulong)(-(i + 1)) + 1 : (ulong)i, radix));
                return null;
            case CelKind.Uint: sb.Append(ToRadix(v.AsUint, radix)); return null;
            case CelKind.Bool when radix == 2: sb.Append(v.AsBool ? '1' : '0'); return null;
            default: return error + ", was given " + ValueOps.TypeOf(v).Name;
        }
    }

    private static string ToRadix(ulong value, int radix)
    {
        if (value == 0)
        {
            return "0";
        }

        Span<char> buf = stackalloc char[64];
        int pos = 64;
        while (value > 0)
        {
            buf[--pos] = (char)('0' + (int)(value % (ulong)radix));
            value /= (ulong)radix;
        }

        return new string(buf[pos..]);
    }

    private static string? AppendHex(StringBuilder sb, CelValue v, bool upper)
    {
        string hex;
        switch (v.Kind)
        {
            case CelKind.Int:
                long i = v.AsInt;
                hex = (i < 0 ? "-" : "") + (i < 0 ? (ulong)(-(i + 1)) + 1 : (ulong)i).ToString("x", CultureInfo.InvariantCulture);
                break;
            case CelKind.Uint: hex = v.AsUint.ToString("x", CultureInfo.InvariantCulture); break;
            case CelKind.String: hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(v.AsString!)); break;
            case CelKind.Bytes: hex = Convert.ToHexStringLower(v.AsBytes!); break;
            default: return "only integers, byte buffers, and strings can be formatted as hex, was given " + ValueOps.TypeOf(v).Name;
        }

        sb.Append(upper ? hex.ToUpperInvariant() : hex);
        return null;
    }
}
