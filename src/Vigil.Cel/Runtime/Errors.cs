namespace Vigil.Cel.Runtime;

/// <summary>Shared error values, so common failures do not allocate.</summary>
internal static class Errors
{
    public static readonly CelValue NoSuchOverload = CelValue.Error(CelError.NoSuchOverload);
    public static readonly CelValue DivideByZero = CelValue.Error(CelError.DivideByZero);
    public static readonly CelValue ModulusByZero = CelValue.Error(CelError.ModulusByZero);
    public static readonly CelValue IntOverflow = CelValue.Error(CelError.IntOverflow);
    public static readonly CelValue UintOverflow = CelValue.Error(CelError.UintOverflow);
    public static readonly CelValue NoSuchKey = CelValue.Error(CelError.NoSuchKey);
    public static readonly CelValue IndexOutOfRange = CelValue.Error(CelError.IndexOutOfRange);
    public static readonly CelValue Range = CelValue.Error(CelError.RangeError);
    public static readonly CelValue TimestampRange = CelValue.Error(CelError.TimestampRange);
    public static readonly CelValue DurationRange = CelValue.Error(CelError.DurationRange);
    public static readonly CelValue RegexTimeout = CelValue.Error(CelError.RegexTimeout);
}
