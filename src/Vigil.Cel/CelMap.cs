using Vigil.Cel.Runtime;

namespace Vigil.Cel;

/// <summary>
/// An immutable CEL map. Keys are int, uint, bool or string; int/uint/double lookups match numerically
/// equal keys (langdef "Numeric values": heterogeneous equality).
/// </summary>
public sealed class CelMap
{
    /// <summary>The empty map.</summary>
    public static readonly CelMap Empty = new(0);

    private readonly Dictionary<CelValue, CelValue> _entries;
    private readonly List<CelValue> _keys;

    internal CelMap(int capacity)
    {
        _entries = new Dictionary<CelValue, CelValue>(capacity, MapKeyComparer.Instance);
        _keys = new List<CelValue>(capacity);
    }

    /// <summary>Builds a map; fails on a repeated key or an unsupported key kind.</summary>
    /// <exception cref="ArgumentException">A key repeats or is not int, uint, bool or string.</exception>
    public static CelMap Create(IEnumerable<KeyValuePair<CelValue, CelValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new CelMap(entries is ICollection<KeyValuePair<CelValue, CelValue>> c ? c.Count : 4);
        foreach (var (key, value) in entries)
        {
            if (!IsValidKey(key))
            {
                throw new ArgumentException($"unsupported key type: {key.Kind}", nameof(entries));
            }

            if (!map.TryAdd(key, value))
            {
                throw new ArgumentException($"repeated key: {key}", nameof(entries));
            }
        }

        return map;
    }

    /// <summary>Builds a map with string keys.</summary>
    public static CelMap Create(IEnumerable<KeyValuePair<string, CelValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Create(entries.Select(e => new KeyValuePair<CelValue, CelValue>(CelValue.String(e.Key), e.Value)));
    }

    /// <summary>Number of entries.</summary>
    public int Count => _keys.Count;

    /// <summary>Keys in insertion order.</summary>
    public IReadOnlyList<CelValue> Keys => _keys;

    /// <summary>Looks a key up (numeric keys match across int, uint and double).</summary>
    public bool TryGetValue(CelValue key, out CelValue value) => _entries.TryGetValue(key, out value);

    internal static bool IsValidKey(CelValue key) =>
        key.Kind is CelKind.Int or CelKind.Uint or CelKind.Bool or CelKind.String;

    internal bool TryAdd(CelValue key, CelValue value)
    {
        if (!_entries.TryAdd(key, value))
        {
            return false;
        }

        _keys.Add(key);
        return true;
    }
}
