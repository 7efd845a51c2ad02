namespace Vigil.Cel.Runtime;

/// <summary>
/// The optional-types library (cel-go ext/optional): optional.of/none/ofNonZeroValue, hasValue, value. or() and orValue()
/// are compiled (Compiler.Optional) so that their argument is evaluated only when needed.
/// </summary>
internal static class OptionalFunctions
{
    private static readonly CelValue NoneDereference = CelValue.Error("optional.none() dereference");

    public static CelValue Of(CelValue v) => CelOptional.Of(v);

    public static CelValue OfNonZeroValue(CelValue v) => IsZero(v) ? CelOptional.NoneValue : CelOptional.Of(v);

    public static CelValue None() => CelOptional.NoneValue;

    public static CelValue HasValue(CelValue v) => CelOptional.TryGet(v, out var o) ? CelValue.Bool(o.HasValue) : Errors.NoSuchOverload;

    public static CelValue Value(CelValue v) =>
        !CelOptional.TryGet(v, out var o) ? Errors.NoSuchOverload : o.HasValue ? o.Value : NoneDereference;

    // Zero values as in cel-go's ofNonZeroValue: null, false, 0, "", b"", empty list and map, zero duration and timestamp.
    private static bool IsZero(CelValue v) => v.Kind switch
    {
        CelKind.Null => true,
        CelKind.Bool => !v.AsBool,
        CelKind.Int => v.AsInt == 0,
        CelKind.Uint => v.AsUint == 0,
        CelKind.Double => v.AsDouble == 0,
        CelKind.String => v.UnsafeString.Length == 0,
        CelKind.Bytes => v.AsBytes!.Length == 0,
        CelKind.List => v.AsList!.Count == 0,
        CelKind.Map => v.AsMap!.Count == 0,
        CelKind.Duration or CelKind.Timestamp => v.TotalNanos == 0,
        CelKind.Opaque => CelOptional.TryGet(v, out var o) && !o.HasValue,
        _ => false,
    };
}
