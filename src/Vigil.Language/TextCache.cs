namespace Vigil.Language;

/// <summary>
/// A least-recently-used map from text to its vector, bounded by entries and by bytes. Not thread-safe: the embedder
/// holds its lock around every call. Eviction never changes a score (a text's vector is a function of the text), only
/// what it costs to score it.
/// </summary>
internal sealed class TextCache
{
    /// <summary>Bookkeeping per entry beyond its text and vector: the node, the dictionary slot, the array headers.</summary>
    internal const int EntryOverhead = 100;

    private readonly Dictionary<string, LinkedListNode<(string Text, sbyte[] Vector)>> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedListNode<(string Text, sbyte[] Vector)>>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly LinkedList<(string Text, sbyte[] Vector)> _order = new();
    private readonly int _maxEntries;
    private readonly long _maxBytes;

    public TextCache(int maxEntries, long maxBytes)
    {
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
        _bySpan = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _map.Count;

    public long Bytes { get; private set; }

    public long Evictions { get; private set; }

    public static long Cost(string text, sbyte[] vector) => (2L * text.Length) + vector.Length + EntryOverhead;

    public bool TryGet(ReadOnlySpan<char> text, out sbyte[] vector)
    {
        if (_bySpan.TryGetValue(text, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            vector = node.Value.Vector;
            return true;
        }

        vector = [];
        return false;
    }

    public void Add(string text, sbyte[] vector)
    {
        if (_map.ContainsKey(text))
        {
            return;
        }

        long cost = Cost(text, vector);
        if (cost > _maxBytes)
        {
            return; // cannot be held at all; the caller still has the vector
        }

        while (_map.Count > 0 && (_map.Count >= _maxEntries || Bytes + cost > _maxBytes))
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _map.Remove(last.Value.Text);
            Bytes -= Cost(last.Value.Text, last.Value.Vector);
            Evictions++;
        }

        _map.Add(text, _order.AddFirst((text, vector)));
        Bytes += cost;
    }
}
