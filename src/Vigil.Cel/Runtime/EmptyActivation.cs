namespace Vigil.Cel.Runtime;

/// <summary>An activation that binds nothing (used for constant folding and variable-free programs).</summary>
internal sealed class EmptyActivation : ICelActivation
{
    public static readonly EmptyActivation Instance = new();

    public bool TryResolve(int slot, out CelValue value)
    {
        value = default;
        return false;
    }
}
