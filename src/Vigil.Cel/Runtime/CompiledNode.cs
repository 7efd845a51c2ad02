namespace Vigil.Cel.Runtime;

/// <summary>A compiled subexpression with its estimated cost; constants are folded at compile time.</summary>
internal sealed class CompiledNode(Evaluator eval, long cost, bool isConstant = false, CelValue constant = default)
{
    public Evaluator Eval { get; } = eval;

    public long Cost { get; } = cost;

    public bool IsConstant { get; } = isConstant;

    public CelValue Constant { get; } = constant;

    public static CompiledNode Const(CelValue value) => new((in Frame _) => value, 1, true, value);
}
