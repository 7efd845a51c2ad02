namespace Vigil.Cel.Runtime;

/// <summary>Key equality for maps: int, uint and double keys that are numerically equal collide.</summary>
internal sealed class MapKeyComparer : IEqualityComparer<CelValue>
{
    public static readonly MapKeyComparer Instance = new();

    public bool Equals(CelValue x, CelValue y)
    {
        if (x.Kind == CelKind.String && y.Kind == CelKind.String)
        {
            return string.Equals((string)x.Ref!, (string)y.Ref!, StringComparison.Ordinal);
        }

        return ValueOps.Equal(x, y);
    }

    public int GetHashCode(CelValue obj) => ValueOps.Hash(obj);
}
