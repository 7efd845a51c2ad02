namespace Vigil.Cel.Runtime;

/// <summary>Arithmetic operators (langdef "Arithmetic"): int and uint overflow is an error, never a wrap.</summary>
internal static class Arithmetic
{
    public static CelValue Add(CelValue a, CelValue b)
    {
        switch (a.Kind, b.Kind)
        {
            case (CelKind.Int, CelKind.Int):
                long x = a.AsInt, y = b.AsInt, r = unchecked(x + y);
                return ((x ^ r) & (y ^ r)) < 0 ? Errors.IntOverflow : CelValue.Int(r);
            case (CelKind.Uint, CelKind.Uint):
                ulong ux = a.AsUint, uy = b.AsUint, ur = unchecked(ux + uy);
                return ur < ux ? Errors.UintOverflow : CelValue.Uint(ur);
            case (CelKind.Double, CelKind.Double): return CelValue.Double(a.AsDouble + b.AsDouble);
            case (CelKind.String, CelKind.String):
                return EvaluationBudget.TryAllocate((long)a.UnsafeString.Length + b.UnsafeString.Length, out var full)
                    ? CelValue.String(string.Concat(a.AsString, b.AsString))
                    : full;
            case (CelKind.Bytes, CelKind.Bytes):
                return EvaluationBudget.TryAllocate((long)a.AsBytes!.Length + b.AsBytes!.Length, out full)
                    ? CelValue.Bytes([.. a.AsBytes!, .. b.AsBytes!])
                    : full;
            case (CelKind.List, CelKind.List):
                var la = a.AsList!;
                var lb = b.AsList!;
                if (la.Count == 0)
                {
                    return b;
                }

                if (lb.Count == 0)
                {
                    return a;
                }

                return EvaluationBudget.TryAllocate((long)la.Count + lb.Count, out full)
                    ? CelValue.List(new CelList([.. la.Items, .. lb.Items]))
                    : full;
            case (CelKind.Timestamp, CelKind.Duration): return TimeFunctions.MakeTimestamp(a.TotalNanos + b.TotalNanos);
            case (CelKind.Duration, CelKind.Timestamp): return TimeFunctions.MakeTimestamp(a.TotalNanos + b.TotalNanos);
            case (CelKind.Duration, CelKind.Duration): return TimeFunctions.MakeDuration(a.TotalNanos + b.TotalNanos);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue Subtract(CelValue a, CelValue b)
    {
        switch (a.Kind, b.Kind)
        {
            case (CelKind.Int, CelKind.Int):
                long x = a.AsInt, y = b.AsInt, r = unchecked(x - y);
                return ((x ^ y) & (x ^ r)) < 0 ? Errors.IntOverflow : CelValue.Int(r);
            case (CelKind.Uint, CelKind.Uint):
                return a.AsUint < b.AsUint ? Errors.UintOverflow : CelValue.Uint(a.AsUint - b.AsUint);
            case (CelKind.Double, CelKind.Double): return CelValue.Double(a.AsDouble - b.AsDouble);
            case (CelKind.Timestamp, CelKind.Timestamp): return TimeFunctions.MakeDuration(a.TotalNanos - b.TotalNanos);
            case (CelKind.Timestamp, CelKind.Duration): return TimeFunctions.MakeTimestamp(a.TotalNanos - b.TotalNanos);
            case (CelKind.Duration, CelKind.Duration): return TimeFunctions.MakeDuration(a.TotalNanos - b.TotalNanos);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue Multiply(CelValue a, CelValue b)
    {
        switch (a.Kind, b.Kind)
        {
            case (CelKind.Int, CelKind.Int):
                long hi = Math.BigMul(a.AsInt, b.AsInt, out long lo);
                return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? CelValue.Int(lo) : Errors.IntOverflow;
            case (CelKind.Uint, CelKind.Uint):
                ulong uhi = Math.BigMul(a.AsUint, b.AsUint, out ulong ulo);
                return uhi == 0 ? CelValue.Uint(ulo) : Errors.UintOverflow;
            case (CelKind.Double, CelKind.Double): return CelValue.Double(a.AsDouble * b.AsDouble);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue Divide(CelValue a, CelValue b)
    {
        switch (a.Kind, b.Kind)
        {
            case (CelKind.Int, CelKind.Int):
                if (b.AsInt == 0)
                {
                    return Errors.DivideByZero;
                }

                if (b.AsInt == -1 && a.AsInt == long.MinValue)
                {
                    return Errors.IntOverflow;
                }

                return CelValue.Int(a.AsInt / b.AsInt);
            case (CelKind.Uint, CelKind.Uint):
                return b.AsUint == 0 ? Errors.DivideByZero : CelValue.Uint(a.AsUint / b.AsUint);
            case (CelKind.Double, CelKind.Double): return CelValue.Double(a.AsDouble / b.AsDouble);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue Modulo(CelValue a, CelValue b)
    {
        switch (a.Kind, b.Kind)
        {
            case (CelKind.Int, CelKind.Int):
                if (b.AsInt == 0)
                {
                    return Errors.ModulusByZero;
                }

                if (b.AsInt == -1)
                {
                    // long.MinValue % -1 overflows in .NET; the mathematical result is 0.
                    return a.AsInt == long.MinValue ? Errors.IntOverflow : CelValue.Int(0);
                }

                return CelValue.Int(a.AsInt % b.AsInt);
            case (CelKind.Uint, CelKind.Uint):
                return b.AsUint == 0 ? Errors.ModulusByZero : CelValue.Uint(a.AsUint % b.AsUint);
            default: return Errors.NoSuchOverload;
        }
    }

    public static CelValue Negate(CelValue a) => a.Kind switch
    {
        CelKind.Int => a.AsInt == long.MinValue ? Errors.IntOverflow : CelValue.Int(-a.AsInt),
        CelKind.Double => CelValue.Double(-a.AsDouble),
        _ => Errors.NoSuchOverload,
    };

    public static CelValue Not(CelValue a) => a.Kind == CelKind.Bool ? CelValue.Bool(!a.AsBool) : Errors.NoSuchOverload;
}
