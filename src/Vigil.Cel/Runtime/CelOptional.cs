namespace Vigil.Cel.Runtime;

/// <summary>
/// A value of the optional type (cel-go ext "optional types", also used by Kubernetes validation rules): either none
/// or one value. Field selection and indexing on an optional are optional themselves, so chains such as
/// <c>a.?b.c[?0]</c> end in none instead of an error when something is absent.
/// </summary>
internal sealed class CelOptional : CelOpaque
{
    public static readonly CelOptional None = new(default, hasValue: false);
    public static readonly CelValue NoneValue = CelValue.Opaque(None);

    private CelOptional(CelValue value, bool hasValue)
    {
        Value = value;
        HasValue = hasValue;
    }

    public CelValue Value { get; }

    public bool HasValue { get; }

    public override CelType Type => CelType.OptionalType;

    public static CelValue Of(CelValue value) => value.IsError ? value : CelValue.Opaque(new CelOptional(value, hasValue: true));

    public static bool TryGet(CelValue v, out CelOptional optional)
    {
        optional = (v.Kind == CelKind.Opaque ? v.AsOpaque as CelOptional : null)!;
        return optional is not null;
    }

    public override bool ValueEquals(CelOpaque other) =>
        other is CelOptional o && o.HasValue == HasValue && (!HasValue || ValueOps.Equal(Value, o.Value));

    public override string ToString() => HasValue ? $"optional.of({Value})" : "optional.none()";
}
