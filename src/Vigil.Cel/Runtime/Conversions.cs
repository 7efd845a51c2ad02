using System.Globalization;
using System.Text;

namespace Vigil.Cel.Runtime;

/// <summary>Type conversion functions (langdef "Functions": int, uint, double, string, bytes, bool, type, dyn).</summary>
internal static class Conversions
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static CelValue ConversionError(string what) => CelValue.Error($"type conversion error: {what}");

    public static CelValue ToInt(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Int: return v;
            case CelKind.Uint: return v.AsUint > long.MaxValue ? Errors.Range : CelValue.Int((long)v.AsUint);
            case CelKind.Double:
                double d = v.AsDouble;
                // Valid only strictly inside (-2^63, 2^63), as in cel-go.
                if (double.IsNaN(d) || d <= -9223372036854775808.0 || d >= 9223372036854775808.0)
                {
                    return Errors.Range;
                }

                return CelValue.Int((long)d);
            case CelKind.String:
                return long.TryParse(v.AsString, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)
                    ? CelValue.Int(l)
                    : ConversionError($"cannot convert '{v.AsString}' to int");
            case CelKind.Timestamp: return CelValue.Int(v.Seconds);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue ToUint(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Uint: return v;
            case CelKind.Int: return v.AsInt < 0 ? Errors.Range : CelValue.Uint((ulong)v.AsInt);
            case CelKind.Double:
                double d = v.AsDouble;
                if (double.IsNaN(d) || d < 0 || d >= 18446744073709551616.0)
                {
                    return Errors.Range;
                }

                return CelValue.Uint((ulong)d);
            case CelKind.String:
                return ulong.TryParse(v.AsString, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u)
                    ? CelValue.Uint(u)
                    : ConversionError($"cannot convert '{v.AsString}' to uint");
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue ToDouble(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.Double: return v;
            case CelKind.Int: return CelValue.Double(v.AsInt);
            case CelKind.Uint: return CelValue.Double(v.AsUint);
            case CelKind.String:
                string s = v.AsString!;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    return CelValue.Double(d);
                }

                return s.ToUpperInvariant() switch
                {
                    "NAN" => CelValue.Double(double.NaN),
                    "INF" or "+INF" or "INFINITY" or "+INFINITY" => CelValue.Double(double.PositiveInfinity),
                    "-INF" or "-INFINITY" => CelValue.Double(double.NegativeInfinity),
                    _ => ConversionError($"cannot convert '{s}' to double"),
                };
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue ToStringValue(CelValue v)
    {
        switch (v.Kind)
        {
            case CelKind.String: return v;
            case CelKind.Int: return CelValue.String(v.AsInt.ToString(CultureInfo.InvariantCulture));
            case CelKind.Uint: return CelValue.String(v.AsUint.ToString(CultureInfo.InvariantCulture));
            case CelKind.Double: return CelValue.String(FormatDouble(v.AsDouble));
            case CelKind.Bool: return CelValue.String(v.AsBool ? "true" : "false");
            case CelKind.Bytes:
                if (!EvaluationBudget.TryAllocate(v.AsBytes!.Length, out var full))
                {
                    return full;
                }

                try
                {
                    return CelValue.String(StrictUtf8.GetString(v.AsBytes!));
                }
                catch (DecoderFallbackException)
                {
                    return ConversionError("invalid UTF-8 in bytes");
                }

            case CelKind.Timestamp: return CelValue.String(TimeFunctions.FormatTimestamp(v));
            case CelKind.Duration: return CelValue.String(TimeFunctions.FormatDuration(v));
            case CelKind.Opaque: return CelValue.String(v.AsOpaque!.ToString());
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue ToBytes(CelValue v) => v.Kind switch
    {
        CelKind.Bytes => v,
        CelKind.String => EvaluationBudget.TryAllocate(3L * v.UnsafeString.Length, out var full) ? CelValue.Bytes(Encoding.UTF8.GetBytes(v.AsString!)) : full,
        _ => Errors.NoSuchOverload,
    };

    public static CelValue ToBool(CelValue v)
    {
        if (v.Kind == CelKind.Bool)
        {
            return v;
        }

        if (v.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        return v.AsString switch
        {
            "1" or "t" or "true" or "TRUE" or "True" => CelValue.True,
            "0" or "f" or "false" or "FALSE" or "False" => CelValue.False,
            _ => ConversionError($"cannot convert '{v.AsString}' to bool"),
        };
    }

    public static CelValue TypeOf(CelValue v) => CelValue.Type(ValueOps.TypeOf(v));

    public static CelValue Dyn(CelValue v) => v;

    /// <summary>Shortest round-trip rendering; exponent form outside [1e-4, 1e21) like Go's FormatFloat('g').</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        double abs = Math.Abs(d);
        if (abs >= 1e-4 && abs < 1e21)
        {
            string r = d.ToString("R", CultureInfo.InvariantCulture);
            if (r.Contains('E', StringComparison.Ordinal))
            {
                r = d.ToString("F" + Math.Max(0, -(int)Math.Floor(Math.Log10(abs)) + 17).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
            }

            return r;
        }

        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        int ei = shortest.IndexOf('E', StringComparison.Ordinal);
        if (ei < 0)
        {
            return shortest;
        }

        string mantissa = shortest[..ei];
        int exp = int.Parse(shortest[(ei + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }
}
