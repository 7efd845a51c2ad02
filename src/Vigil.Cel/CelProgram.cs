using System.Buffers;
using Vigil.Cel.Runtime;

namespace Vigil.Cel;

/// <summary>A compiled CEL expression. Immutable and safe to evaluate from many threads at once.</summary>
public sealed class CelProgram
{
    private readonly Evaluator _eval;
    private readonly int _localCount;

    internal CelProgram(string source, CompiledNode node, int localCount, CelType resultType)
    {
        Source = source;
        _eval = node.Eval;
        EstimatedCost = node.Cost;
        _localCount = localCount;
        ResultType = resultType;
    }

    /// <summary>The source text.</summary>
    public string Source { get; }

    /// <summary>The compile-time cost estimate.</summary>
    public long EstimatedCost { get; }

    /// <summary>The checked result type (dyn when not known statically).</summary>
    public CelType ResultType { get; }

    /// <summary>Evaluates the program. Never throws for data-dependent failures: those are returned as an error value.</summary>
    public CelValue Evaluate(ICelActivation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (_localCount == 0)
        {
            return _eval(new Frame(activation, []));
        }

        var locals = ArrayPool<CelValue>.Shared.Rent(_localCount);
        Array.Clear(locals, 0, _localCount); // also zeroes the comprehension iteration counter
        try
        {
            return _eval(new Frame(activation, locals));
        }
        finally
        {
            Array.Clear(locals, 0, _localCount);
            ArrayPool<CelValue>.Shared.Return(locals);
        }
    }

    /// <summary>
    /// Evaluates an access condition: true only when the result is the bool true. Errors, non-bool
    /// results and unbound variables all deny (fail closed).
    /// </summary>
    public bool EvaluateCondition(ICelActivation activation) => Evaluate(activation).IsTrue;
}
