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

    // Small maps whose keys are all strings (the shape of policy attributes) also keep their entries in
    // arrays with each key's hash, so a field selection compares a precomputed hash instead of hashing.
    private const int MaxFieldEntries = 16;

    private readonly Dictionary<CelValue, CelValue> _entries;
    private readonly List<CelValue> _keys;
    private string[]? _fieldNames = new string[4];
    private int[] _fieldHashes = new int[4];
    private CelValue[] _fieldValues = new CelValue[4];

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
        var map = new CelMap(entries.TryGetNonEnumeratedCount(out int count) ? count : 4);
        foreach (var (key, value) in entries)
        {
            if (!map.TryAdd(CelValue.String(key), value))
            {
                throw new ArgumentException($"repeated key: {key}", nameof(entries));
            }
        }

        return map;
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
        if (_fieldNames is not null)
        {
            int n = _keys.Count - 1;
            if (key.Kind != CelKind.String || n >= MaxFieldEntries)
            {
                _fieldNames = null;
            }
            else
            {
                if (n == _fieldNames.Length)
                {
                    Array.Resize(ref _fieldNames, n * 2);
                    Array.Resize(ref _fieldHashes, n * 2);
                    Array.Resize(ref _fieldValues, n * 2);
                }

                string name = (string)key.Ref!;
                _fieldNames[n] = name;
                _fieldHashes[n] = name.GetHashCode(StringComparison.Ordinal);
                _fieldValues[n] = value;
            }
        }

        return true;
    }

    /// <summary>Looks up a string key whose ordinal hash the caller computed once (field selection).</summary>
    internal bool TryGetField(string name, int hash, out CelValue value)
    {
        var names = _fieldNames;
        if (names is not null)
        {
            var hashes = _fieldHashes;
            int count = _keys.Count;
            for (int i = 0; i < count; i++)
            {
                if (hashes[i] == hash && string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    value = _fieldValues[i];
                    return true;
                }
            }

            value = default;
            return false;
        }

        return _entries.TryGetValue(CelValue.String(name), out value);
    }
}
