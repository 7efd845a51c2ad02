using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>Equality, ordering, hashing and display of values (langdef "Equality" and "Ordering").</summary>
internal static class ValueOps
{
    /// <summary>Ordering result when operands are unordered (NaN).</summary>
    public const int Unordered = 2;

    /// <summary>Ordering result when no ordering overload exists.</summary>
    public const int NoOverload = 3;

    public static bool Equal(CelValue a, CelValue b)
    {
        if (a.Kind == b.Kind)
        {
            switch (a.Kind)
            {
                case CelKind.Null: return true;
                case CelKind.Bool:
                case CelKind.Int:
                case CelKind.Uint: return a.AsInt == b.AsInt;
                case CelKind.Double: return a.AsDouble == b.AsDouble;
                case CelKind.String: return string.Equals((string)a.Ref!, (string)b.Ref!, StringComparison.Ordinal);
                case CelKind.Bytes: return ((byte[])a.Ref!).AsSpan().SequenceEqual((byte[])b.Ref!);
                case CelKind.Timestamp:
                case CelKind.Duration: return a.Seconds == b.Seconds && a.Nanos == b.Nanos;
                case CelKind.Type: return string.Equals(a.AsType!.Name, b.AsType!.Name, StringComparison.Ordinal);
                case CelKind.List: return ListEqual(a.AsList!, b.AsList!);
                case CelKind.Map: return MapEqual(a.AsMap!, b.AsMap!);
                case CelKind.Opaque: return a.AsOpaque!.ValueEquals(b.AsOpaque!);
                default: return false;
            }
        }

        if (IsNumber(a.Kind) && IsNumber(b.Kind))
        {
            return CompareNumbers(a, b) == 0;
        }

        return false;
    }

    private static bool ListEqual(CelList a, CelList b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!Equal(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MapEqual(CelMap a, CelMap b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var key in a.Keys)
        {
            a.TryGetValue(key, out var av);
            if (!b.TryGetValue(key, out var bv) || !Equal(av, bv))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsNumber(CelKind kind) => kind is CelKind.Int or CelKind.Uint or CelKind.Double;

    /// <summary>-1, 0, 1, or <see cref="Unordered"/> when a NaN is involved.</summary>
    public static int CompareNumbers(CelValue a, CelValue b)
    {
        switch (a.Kind, b.Kind)
        {
            case (CelKind.Int, CelKind.Int): return a.AsInt.CompareTo(b.AsInt);
            case (CelKind.Uint, CelKind.Uint): return a.AsUint.CompareTo(b.AsUint);
            case (CelKind.Double, CelKind.Double): return CompareDoubles(a.AsDouble, b.AsDouble);
            case (CelKind.Int, CelKind.Uint): return a.AsInt < 0 ? -1 : ((ulong)a.AsInt).CompareTo(b.AsUint);
            case (CelKind.Uint, CelKind.Int): return b.AsInt < 0 ? 1 : a.AsUint.CompareTo((ulong)b.AsInt);
            case (CelKind.Int, CelKind.Double): return -CompareDoubleInt(b.AsDouble, a.AsInt);
            case (CelKind.Double, CelKind.Int): return CompareDoubleInt(a.AsDouble, b.AsInt);
            case (CelKind.Uint, CelKind.Double): return -CompareDoubleUint(b.AsDouble, a.AsUint);
            case (CelKind.Double, CelKind.Uint): return CompareDoubleUint(a.AsDouble, b.AsUint);
            default: return NoOverload;
        }
    }

    private static int CompareDoubles(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return Unordered;
        }

        return a < b ? -1 : a > b ? 1 : 0;
    }

    // int and uint are compared with double by converting them to double, as cel-go does (the conformance
    // suite expects 9223372036854775807 == 9223372036854775808.0 in ordering).
    private static int CompareDoubleInt(double d, long i) => double.IsNaN(d) ? -Unordered : CompareDoubles(d, i);

    private static int CompareDoubleUint(double d, ulong u) => double.IsNaN(d) ? -Unordered : CompareDoubles(d, u);

    /// <summary>Ordering for the relational operators; <see cref="NoOverload"/> when the kinds are not ordered.</summary>
    public static int Compare(CelValue a, CelValue b)
    {
        if (IsNumber(a.Kind) && IsNumber(b.Kind))
        {
            int c = CompareNumbers(a, b);
            return c is -Unordered ? Unordered : c;
        }

        if (a.Kind != b.Kind)
        {
            return NoOverload;
        }

        switch (a.Kind)
        {
            case CelKind.Bool: return a.AsBool.CompareTo(b.AsBool);
            case CelKind.String: return CompareCodePoints((string)a.Ref!, (string)b.Ref!);
            case CelKind.Bytes: return Math.Sign(((byte[])a.Ref!).AsSpan().SequenceCompareTo((byte[])b.Ref!));
            case CelKind.Timestamp:
            case CelKind.Duration:
                int s = a.Seconds.CompareTo(b.Seconds);
                return s != 0 ? s : a.Nanos.CompareTo(b.Nanos);
            default: return NoOverload;
        }
    }

    public static int Hash(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.String: return ((string)v.Ref!).GetHashCode(StringComparison.Ordinal);
            case CelKind.Int: return v.AsInt.GetHashCode();
            case CelKind.Bool: return v.AsBool ? 1 : 0;
            case CelKind.Uint: return v.AsUint <= long.MaxValue ? ((long)v.AsUint).GetHashCode() : v.AsUint.GetHashCode();
            case CelKind.Double:
                double d = v.AsDouble;
                if (d == Math.Truncate(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
                {
                    return ((long)d).GetHashCode();
                }

                if (d == Math.Truncate(d) && d >= 0 && d < 18446744073709551616.0)
                {
                    return ((ulong)d).GetHashCode();
                }

                return d.GetHashCode();
            case CelKind.Bytes:
                var hc = default(HashCode);
                hc.AddBytes((byte[])v.Ref!);
                return hc.ToHashCode();
            case CelKind.Timestamp:
            case CelKind.Duration: return HashCode.Combine(v.Seconds, v.Nanos);
            case CelKind.Type: return v.AsType!.Name.GetHashCode(StringComparison.Ordinal);
            case CelKind.List: return v.AsList!.Count;
            case CelKind.Map: return v.AsMap!.Count;
            default: return (int)v.Kind;
        }
    }

    public static CelType TypeOf(CelValue v) => v.Kind switch
    {
        CelKind.Null => CelType.Null,
        CelKind.Bool => CelType.Bool,
        CelKind.Int => CelType.Int,
        CelKind.Uint => CelType.Uint,
        CelKind.Double => CelType.Double,
        CelKind.String => CelType.String,
        CelKind.Bytes => CelType.Bytes,
        CelKind.List => CelType.ListOfDyn,
        CelKind.Map => CelType.MapOfDyn,
        CelKind.Timestamp => CelType.Timestamp,
        CelKind.Duration => CelType.Duration,
        CelKind.Type => CelType.TypeOfDyn,
        CelKind.Opaque => v.AsOpaque!.Type,
        _ => CelType.ErrorType,
    };

    public static string Display(CelValue v, IFormatProvider provider)
    {
        var sb = new StringBuilder();
        Append(sb, v, provider);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, CelValue v, IFormatProvider provider)
    {
        switch (v.Kind)
        {
            case CelKind.Null: sb.Append("null"); break;
            case CelKind.Bool: sb.Append(v.AsBool ? "true" : "false"); break;
            case CelKind.Int: sb.Append(v.AsInt.ToString(provider)); break;
            case CelKind.Uint: sb.Append(v.AsUint.ToString(provider)).Append('u'); break;
            case CelKind.Double: sb.Append(Conversions.FormatDouble(v.AsDouble)); break;
            case CelKind.String: sb.Append(StringFunctions.Quote((string)v.Ref!)); break;
            case CelKind.Bytes: sb.Append("b\"").Append(Convert.ToHexString((byte[])v.Ref!)).Append('"'); break;
            case CelKind.Timestamp: sb.Append("timestamp(\"").Append(TimeFunctions.FormatTimestamp(v)).Append("\")"); break;
            case CelKind.Duration: sb.Append("duration(\"").Append(TimeFunctions.FormatDuration(v)).Append("\")"); break;
            case CelKind.Type: sb.Append(v.AsType!.Name); break;
            case CelKind.Opaque: sb.Append(v.AsOpaque!.ToString()); break;
            case CelKind.Error: sb.Append("error: ").Append(v.ErrorMessage); break;
            case CelKind.List:
                sb.Append('[');
                var list = v.AsList!;
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, list[i], provider);
                }

                sb.Append(']');
                break;
            case CelKind.Map:
                sb.Append('{');
                var map = v.AsMap!;
                bool first = true;
                foreach (var key in map.Keys)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    Append(sb, key, provider);
                    sb.Append(": ");
                    map.TryGetValue(key, out var value);
                    Append(sb, value, provider);
                }

                sb.Append('}');
                break;
        }
    }

    /// <summary>
    /// Orders strings by Unicode code point, as CEL does (cel-go compares UTF-8 bytes, which order by code point).
    /// UTF-16 ordinal order differs only where a surrogate meets U+E000..U+FFFF: a supplementary character
    /// (surrogate pair) sorts after U+FFFF, not before U+E000. Moving surrogates above that range fixes it (the
    /// fix-up used by ICU's u_strCompare in code point order).
    /// </summary>
    internal static int CompareCodePoints(string x, string y)
    {
        int common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
        {
            return x.Length.CompareTo(y.Length);
        }

        return Math.Sign(CodePointOrderKey(x[common]) - CodePointOrderKey(y[common]));
    }

    private static int CodePointOrderKey(char c) => c >= '\uE000' ? c - 0x800 : c >= '\uD800' ? c + 0x2000 : c;
}
