namespace Vigil.Cel.Runtime;

/// <summary>
/// Run-time cost and memory accounting for one evaluation, in the spirit of cel-go's runtime cost tracker
/// (interpreter/runtimecost.go) and Kubernetes' per-expression cost limit: the static estimate assumes collection
/// sizes, so data with huge lists or strings is caught here. Three counters:
/// comprehension iterations; cost (one per iteration, plus a tenth of a unit per character or element a string or
/// list function scans or produces, as cel-go charges); and allocation units (one per character, byte, list element
/// or map entry of every value the evaluation creates). Functions ask before they allocate, so a breach is an error
/// value, never an <see cref="OutOfMemoryException"/>. A breach is sticky: <see cref="CelProgram.Evaluate"/> returns
/// the breach error even if the expression would have absorbed it (<c>true || ...</c>), so exhaustion never grants.
/// </summary>
/// <remarks>
/// The state is per thread (an evaluation runs on one thread, start to end) so that the library's functions can
/// charge without every signature carrying it; <see cref="Enter"/> and <see cref="Exit"/> save and restore it, so an
/// evaluation nested inside another (an activation that evaluates CEL) keeps its own counters.
/// </remarks>
internal sealed class EvaluationBudget
{
    [ThreadStatic]
    private static EvaluationBudget? t_current;

    private BudgetLimits _limits = BudgetLimits.Default;
    private long _iterations;
    private long _cost;
    private long _allocated;
    private CelValue _breach;

    /// <summary>The state saved by <see cref="Enter"/>.</summary>
    internal readonly record struct Saved(BudgetLimits Limits, long Iterations, long Cost, long Allocated, CelValue Breach);

    /// <summary>This thread's budget. Evaluate and loops fetch it once: a thread-static read costs a few nanoseconds.</summary>
    public static EvaluationBudget Current => t_current ??= new EvaluationBudget();

    /// <summary>The error of the first breach in the current evaluation, if any.</summary>
    public bool Breached(out CelValue error)
    {
        error = _breach;
        return error.IsError;
    }

    /// <summary>Starts an evaluation with fresh counters under <paramref name="limits"/>.</summary>
    public Saved Enter(BudgetLimits limits)
    {
        var b = this;
        var saved = new Saved(b._limits, b._iterations, b._cost, b._allocated, b._breach);
        b._limits = limits;
        b._iterations = 0;
        b._cost = 0;
        b._allocated = 0;
        b._breach = default;
        return saved;
    }

    /// <summary>Restores the state saved by <see cref="Enter"/>.</summary>
    public void Exit(in Saved saved)
    {
        var b = this;
        b._limits = saved.Limits;
        b._iterations = saved.Iterations;
        b._cost = saved.Cost;
        b._allocated = saved.Allocated;
        b._breach = saved.Breach;
    }

    /// <summary>Counts one comprehension iteration; false (and <paramref name="error"/>) when a budget is exhausted, so the loop stops.</summary>
    public static bool Tick(out CelValue error) => Current.TickOne(out error);

    /// <summary><see cref="Tick"/> on a budget already fetched (per loop, not per iteration).</summary>
    public bool TickOne(out CelValue error)
    {
        var b = this;
        if (!b._breach.IsError)
        {
            if (++b._iterations > b._limits.MaxIterations)
            {
                b._breach = b._limits.IterationsExceeded;
            }
            else if (++b._cost > b._limits.MaxCost)
            {
                b._breach = b._limits.CostExceeded;
            }
        }

        error = b._breach;
        return !error.IsError;
    }

    /// <summary>Charges work proportional to <paramref name="units"/> characters or elements scanned (a tenth of a cost unit each).</summary>
    public static void Spend(long units)
    {
        var b = Current;
        b._cost = Saturating(b._cost, 1 + (units / 10));
        if (b._cost > b._limits.MaxCost && !b._breach.IsError)
        {
            b._breach = b._limits.CostExceeded;
        }
    }

    /// <summary>
    /// Asks to create a value of <paramref name="units"/> characters, bytes or elements. Returns false with the
    /// breach error when the memory budget (or an earlier breach) forbids it; the caller returns that error instead of allocating.
    /// </summary>
    public static bool TryAllocate(long units, out CelValue error)
    {
        var b = Current;
        if (!b._breach.IsError)
        {
            b._allocated = Saturating(b._allocated, units);
            b._cost = Saturating(b._cost, units / 10);
            if (b._allocated > b._limits.MaxAllocation)
            {
                b._breach = b._limits.AllocationExceeded;
            }
            else if (b._cost > b._limits.MaxCost)
            {
                b._breach = b._limits.CostExceeded;
            }
        }

        error = b._breach;
        return !error.IsError;
    }

    private static long Saturating(long a, long b) => b < 0 ? a : a > long.MaxValue - b ? long.MaxValue : a + b;
}
