using System.Numerics;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// Sorted, non-overlapping inclusive ranges, each tagged with the union of the categories of every input
/// range that covers it. A lookup is one binary search over <see cref="starts"/>: O(log n), no allocation.
/// </summary>
internal sealed class RangeTable<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    private readonly T[] starts;
    private readonly T[] ends;
    private readonly IpCategory[] categories;

    private RangeTable(T[] starts, T[] ends, IpCategory[] categories)
    {
        this.starts = starts;
        this.ends = ends;
        this.categories = categories;
    }

    public static RangeTable<T> Empty { get; } = new([], [], []);

    public int Count => starts.Length;

    public IpCategory Lookup(T value)
    {
        int index = starts.AsSpan().BinarySearch(value);
        if (index < 0)
        {
            // Not a range start: the candidate is the last range starting below the value.
            index = ~index - 1;
            if (index < 0)
            {
                return IpCategory.None;
            }
        }

        return value <= ends[index] ? categories[index] : IpCategory.None;
    }

    public IEnumerable<(T Start, T End, IpCategory Categories)> Ranges()
    {
        for (int i = 0; i < starts.Length; i++)
        {
            yield return (starts[i], ends[i], categories[i]);
        }
    }

    /// <summary>
    /// Splits possibly overlapping input ranges into disjoint segments with a sweep over their boundaries,
    /// keeping one counter per category bit so nested and overlapping ranges of one category do not cancel,
    /// then merges touching segments that carry the same categories.
    /// </summary>
    public static RangeTable<T> Build(List<(T Start, T End, IpCategory Categories)> input)
    {
        if (input.Count == 0)
        {
            return Empty;
        }

        // Events: +bits at a start, -bits just past an end. A range ending at MaxValue never closes.
        var events = new List<(T Point, IpCategory Bits, bool Open)>(input.Count * 2);
        foreach (var (start, end, bits) in input)
        {
            events.Add((start, bits, true));
            if (end != T.MaxValue)
            {
                events.Add((end + T.One, bits, false));
            }
        }

        events.Sort(static (a, b) => a.Point.CompareTo(b.Point));

        Span<int> counts = stackalloc int[32];
        var outStarts = new List<T>();
        var outEnds = new List<T>();
        var outCategories = new List<IpCategory>();

        int i = 0;
        while (i < events.Count)
        {
            T point = events[i].Point;
            while (i < events.Count && events[i].Point == point)
            {
                int delta = events[i].Open ? 1 : -1;
                uint bits = (uint)events[i].Bits;
                while (bits != 0)
                {
                    int bit = BitOperations.TrailingZeroCount(bits);
                    counts[bit] += delta;
                    bits &= bits - 1;
                }

                i++;
            }

            var current = IpCategory.None;
            for (int bit = 0; bit < counts.Length; bit++)
            {
                if (counts[bit] > 0)
                {
                    current |= (IpCategory)(1 << bit);
                }
            }

            if (current == IpCategory.None)
            {
                continue;
            }

            T segmentEnd = i < events.Count ? events[i].Point - T.One : T.MaxValue;
            int last = outStarts.Count - 1;
            if (last >= 0 && outCategories[last] == current && outEnds[last] != T.MaxValue && outEnds[last] + T.One == point)
            {
                outEnds[last] = segmentEnd;
            }
            else
            {
                outStarts.Add(point);
                outEnds.Add(segmentEnd);
                outCategories.Add(current);
            }
        }

        return new RangeTable<T>([.. outStarts], [.. outEnds], [.. outCategories]);
    }
}
