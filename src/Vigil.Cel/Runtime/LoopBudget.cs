namespace Vigil.Cel.Runtime;

/// <summary>
/// Run-time bound on comprehension iterations per evaluation: the static cost estimate assumes collection
/// sizes, so data with huge lists is caught here instead (an error, so the condition denies).
/// The counter lives in the evaluation's pooled locals array, so counting allocates nothing.
/// </summary>
internal readonly record struct LoopBudget(int Slot, long Max, CelValue Exceeded)
{
    public bool Tick(in Frame f)
    {
        ref var counter = ref f.Locals[Slot];
        long n = counter.AsInt + 1;
        counter = CelValue.Int(n);
        return n <= Max;
    }
}
