using Vigil.Core.Telemetry;

namespace Vigil.Core.Pipeline;

/// <summary>
/// Puts a stream of events into time order when it is only slightly out of order (log shippers batch and
/// interleave): events are held in a heap until the newest timestamp seen is <see cref="WindowMs"/> past them.
/// An event older than what was already released is passed on at once and counted in <see cref="LateEvents"/>.
/// Ties keep input order, so the result is deterministic. Errors pass straight through.
/// </summary>
public sealed class TimeOrderedReader
{
    private readonly PriorityQueue<EcsLine, (long Time, long Sequence)> _heap = new();
    private long _sequence;
    private long _newest = long.MinValue;
    private long _released = long.MinValue;

    /// <summary>Creates a reader with a reorder window in milliseconds (0 keeps input order).</summary>
    public TimeOrderedReader(long windowMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowMs);
        WindowMs = windowMs;
    }

    /// <summary>How far out of order an event may arrive and still be put in its place.</summary>
    public long WindowMs { get; }

    /// <summary>Events that arrived later than the window allowed.</summary>
    public long LateEvents { get; private set; }

    /// <summary>Orders <paramref name="lines"/> lazily.</summary>
    public IEnumerable<EcsLine> Order(IEnumerable<EcsLine> lines)
    {
        foreach (var line in lines)
        {
            if (!line.IsEvent)
            {
                yield return line;
                continue;
            }

            long time = line.Event.TimestampMs;
            if (time < _released)
            {
                LateEvents++;
                yield return line;
                continue;
            }

            _heap.Enqueue(line, (time, _sequence++));
            _newest = Math.Max(_newest, time);
            while (_heap.TryPeek(out _, out var key) && key.Time <= _newest - WindowMs)
            {
                _released = key.Time;
                yield return _heap.Dequeue();
            }
        }

        while (_heap.TryDequeue(out var rest, out var key))
        {
            _released = key.Time;
            yield return rest;
        }
    }
}
