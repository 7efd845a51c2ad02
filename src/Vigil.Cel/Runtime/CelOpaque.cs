namespace Vigil.Cel.Runtime;

/// <summary>An opaque extension value (network extension IP or CIDR).</summary>
internal abstract class CelOpaque
{
    public abstract CelType Type { get; }

    public abstract bool ValueEquals(CelOpaque other);

    public abstract override string ToString();
}
