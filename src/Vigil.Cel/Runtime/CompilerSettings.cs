namespace Vigil.Cel.Runtime;

/// <summary>Compiler inputs taken from <see cref="CelOptions"/>; <paramref name="BudgetSlot"/> is the locals index that counts comprehension iterations.</summary>
internal sealed record CompilerSettings(TimeSpan RegexTimeout, long AssumedCollectionSize, bool Strict, int BudgetSlot, long MaxIterations);
