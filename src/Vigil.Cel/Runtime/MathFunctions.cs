namespace Vigil.Cel.Runtime;

/// <summary>The math extension (cel-go ext/math): greatest/least, rounding, abs/sign, float classes, bit operations.</summary>
internal static class MathFunctions
{
    private static readonly CelValue NegativeOffset = CelValue.Error("math.bitShift: negative offset");

    /// <summary>math.greatest / math.least over numbers given as arguments or as one list; keeps the winner's type.</summary>
    public static CelValue Extreme(ReadOnlySpan<CelValue> args, bool greatest)
    {
        if (args.Length == 1 && args[0].Kind == CelKind.List)
        {
            var list = args[0].AsList!;
            if (list.Count == 0)
            {
                return CelValue.Error("math.greatest/least: empty list");
            }

            return Extreme(list.AsSpan(), greatest);
        }

        if (args.Length == 0)
        {
            return Errors.NoSuchOverload;
        }

        var best = args[0];
        if (!ValueOps.IsNumber(best.Kind))
        {
            return Errors.NoSuchOverload;
        }

        for (int i = 1; i < args.Length; i++)
        {
            var v = args[i];
            if (!ValueOps.IsNumber(v.Kind))
            {
                return Errors.NoSuchOverload;
            }

            int c = ValueOps.CompareNumbers(v, best);
            if (greatest ? c == 1 : c == -1)
            {
                best = v;
            }
        }

        return best;
    }

    public static CelValue Ceil(CelValue v) => v.Kind == CelKind.Double ? CelValue.Double(Math.Ceiling(v.AsDouble)) : Errors.NoSuchOverload;

    public static CelValue Floor(CelValue v) => v.Kind == CelKind.Double ? CelValue.Double(Math.Floor(v.AsDouble)) : Errors.NoSuchOverload;

    public static CelValue Round(CelValue v) =>
        v.Kind == CelKind.Double ? CelValue.Double(Math.Round(v.AsDouble, MidpointRounding.AwayFromZero)) : Errors.NoSuchOverload;

    public static CelValue Trunc(CelValue v) => v.Kind == CelKind.Double ? CelValue.Double(Math.Truncate(v.AsDouble)) : Errors.NoSuchOverload;

    public static CelValue Abs(CelValue v) => v.Kind switch
    {
        CelKind.Int => v.AsInt == long.MinValue ? Errors.IntOverflow : CelValue.Int(Math.Abs(v.AsInt)),
        CelKind.Uint => v,
        CelKind.Double => CelValue.Double(Math.Abs(v.AsDouble)),
        _ => Errors.NoSuchOverload,
    };

    public static CelValue Sign(CelValue v) => v.Kind switch
    {
        CelKind.Int => CelValue.Int(Math.Sign(v.AsInt)),
        CelKind.Uint => CelValue.Uint(v.AsUint == 0 ? 0UL : 1UL),
        CelKind.Double => double.IsNaN(v.AsDouble) ? v : CelValue.Double(Math.Sign(v.AsDouble)),
        _ => Errors.NoSuchOverload,
    };

    public static CelValue IsNaN(CelValue v) => v.Kind == CelKind.Double ? CelValue.Bool(double.IsNaN(v.AsDouble)) : Errors.NoSuchOverload;

    public static CelValue IsInf(CelValue v) => v.Kind == CelKind.Double ? CelValue.Bool(double.IsInfinity(v.AsDouble)) : Errors.NoSuchOverload;

    public static CelValue IsFinite(CelValue v) => v.Kind == CelKind.Double ? CelValue.Bool(double.IsFinite(v.AsDouble)) : Errors.NoSuchOverload;

    public static CelValue BitAnd(CelValue a, CelValue b) => Bitwise(a, b, (x, y) => x & y);

    public static CelValue BitOr(CelValue a, CelValue b) => Bitwise(a, b, (x, y) => x | y);

    public static CelValue BitXor(CelValue a, CelValue b) => Bitwise(a, b, (x, y) => x ^ y);

    private static CelValue Bitwise(CelValue a, CelValue b, Func<ulong, ulong, ulong> op) => (a.Kind, b.Kind) switch
    {
        (CelKind.Int, CelKind.Int) => CelValue.Int(unchecked((long)op((ulong)a.AsInt, (ulong)b.AsInt))),
        (CelKind.Uint, CelKind.Uint) => CelValue.Uint(op(a.AsUint, b.AsUint)),
        _ => Errors.NoSuchOverload,
    };

    public static CelValue BitNot(CelValue v) => v.Kind switch
    {
        CelKind.Int => CelValue.Int(~v.AsInt),
        CelKind.Uint => CelValue.Uint(~v.AsUint),
        _ => Errors.NoSuchOverload,
    };

    // Shifts of 64 or more give 0; right shifts are logical for int as in cel-go.
    public static CelValue ShiftLeft(CelValue v, CelValue by) => Shift(v, by, left: true);

    public static CelValue ShiftRight(CelValue v, CelValue by) => Shift(v, by, left: false);

    private static CelValue Shift(CelValue v, CelValue by, bool left)
    {
        if (by.Kind != CelKind.Int || v.Kind is not (CelKind.Int or CelKind.Uint))
        {
            return Errors.NoSuchOverload;
        }

        long n = by.AsInt;
        if (n < 0)
        {
            return NegativeOffset;
        }

        ulong bits = v.AsUint;
        ulong result = n >= 64 ? 0 : left ? bits << (int)n : bits >> (int)n;
        return v.Kind == CelKind.Int ? CelValue.Int(unchecked((long)result)) : CelValue.Uint(result);
    }
}
