namespace Vigil.Cel;

/// <summary>An immutable CEL list.</summary>
public sealed class CelList
{
    /// <summary>The empty list.</summary>
    public static readonly CelList Empty = new([]);

    private readonly CelValue[] _items;

    /// <summary>Wraps <paramref name="items"/> (not copied; do not mutate it afterwards).</summary>
    public CelList(CelValue[] items) => _items = items ?? throw new ArgumentNullException(nameof(items));

    /// <summary>Number of elements.</summary>
    public int Count => _items.Length;

    /// <summary>Element at <paramref name="index"/>.</summary>
    public CelValue this[int index] => _items[index];

    /// <summary>The elements.</summary>
    public ReadOnlySpan<CelValue> AsSpan() => _items;

    internal CelValue[] Items => _items;
}
