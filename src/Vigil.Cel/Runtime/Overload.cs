namespace Vigil.Cel.Runtime;

internal delegate CelValue Fn1(CelValue a);

internal delegate CelValue Fn2(CelValue a, CelValue b);

internal delegate CelValue Fn3(CelValue a, CelValue b, CelValue c);

internal delegate CelValue Fn4(CelValue a, CelValue b, CelValue c, CelValue d);

internal delegate CelValue FnN(ReadOnlySpan<CelValue> args);

/// <summary>
/// The implementation of a function for one arity and call style (receiver counts as the first argument).
/// Each implementation checks argument kinds itself and returns a no-such-overload error when none fits.
/// </summary>
internal sealed class Overload
{
    public required string Function { get; init; }

    public required bool IsMember { get; init; }

    public required int Arity { get; init; }

    public Fn1? F1 { get; init; }

    public Fn2? F2 { get; init; }

    public Fn3? F3 { get; init; }

    public Fn4? F4 { get; init; }

    /// <summary>Variadic implementation (any arity).</summary>
    public FnN? FN { get; init; }

    /// <summary>Relative cost of one call, for the compile-time cost estimate.</summary>
    public int Cost { get; init; } = 1;
}
