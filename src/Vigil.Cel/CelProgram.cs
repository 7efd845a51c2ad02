using System.Buffers;
using Vigil.Cel.Runtime;

namespace Vigil.Cel;

/// <summary>A compiled CEL expression. Immutable and safe to evaluate from many threads at once.</summary>
public sealed class CelProgram
{
    private readonly Evaluator _eval;
    private readonly int _localCount;
    private readonly BudgetLimits _limits;

    internal CelProgram(string source, CompiledNode node, int localCount, CelType resultType, BudgetLimits limits)
    {
        _limits = limits;
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

    /// <summary>
    /// Evaluates the program. Never throws for data-dependent failures: those are returned as an error value,
    /// including exhaustion of the run-time budgets (<see cref="CelOptions.MaxIterations"/>,
    /// <see cref="CelOptions.MaxRuntimeCost"/>, <see cref="CelOptions.MaxAllocation"/>).
    /// </summary>
    public CelValue Evaluate(ICelActivation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        var budget = EvaluationBudget.Current;
        var saved = budget.Enter(_limits);
        CelValue[]? locals = null;
        try
        {
            CelValue result;
            if (_localCount == 0)
            {
                result = _eval(new Frame(activation, []));
            }
            else
            {
                locals = ArrayPool<CelValue>.Shared.Rent(_localCount);
                Array.Clear(locals, 0, _localCount);
                result = _eval(new Frame(activation, locals));
            }

            // A breach is final even where the expression would absorb the error (true || ..., exists): an
            // evaluation cut short must not grant.
            return budget.Breached(out var breach) ? breach : result;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException
            or FormatException or InsufficientExecutionStackException or OutOfMemoryException)
        {
            // A defect in a function must not escape as a 500: it is an error value, so a condition denies.
            return CelValue.Error("internal evaluation failure: " + ex.GetType().Name);
        }
        finally
        {
            if (locals is not null)
            {
                Array.Clear(locals, 0, _localCount);
                ArrayPool<CelValue>.Shared.Return(locals);
            }

            budget.Exit(saved);
        }
    }

    /// <summary>
    /// Evaluates an access condition: true only when the result is the bool true. Errors, non-bool
    /// results and unbound variables all deny (fail closed).
    /// </summary>
    public bool EvaluateCondition(ICelActivation activation) => Evaluate(activation).IsTrue;
}
