using System.Collections.Concurrent;

namespace Vigil.Server.Hosting;

/// <summary>
/// Work handed from many threads to one dedicated thread (the journal's committer, the engine's writer). The taker
/// blocks on an event that an add sets directly, so work reaches it without a hop through the thread pool, whose queue
/// on a busy 2-core machine holds hundreds of requests' work; and the long-running taker never holds one of the pool's
/// few threads, which answer the requests (both were most of an observed decision's p99, docs/benchmarks-server.md).
/// A channel would complete its reader through the pool.
/// </summary>
internal sealed class HandOffQueue<T> : IDisposable
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly ManualResetEventSlim _available = new(false, spinCount: 0);
    private readonly Lock _gate = new();
    private bool _completed;

    /// <summary>Adds <paramref name="item"/>; false once <see cref="Complete"/> was called (the service is stopping).</summary>
    public bool TryAdd(T item)
    {
        // Under the gate, so that nothing is added after Complete: the taker's last drain then sees every item.
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _items.Enqueue(item);
        }

        _available.Set();
        return true;
    }

    /// <summary>No more adds; the taker drains what is queued, then <see cref="WaitForItems"/> returns false.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        _available.Set();
    }

    public bool TryTake(out T item) => _items.TryDequeue(out item!);

    /// <summary>Blocks until an item is queued (true) or the queue is completed and empty (false). Taker thread only.</summary>
    public bool WaitForItems()
    {
        while (true)
        {
            if (!_items.IsEmpty)
            {
                return true;
            }

            lock (_gate)
            {
                if (_completed && _items.IsEmpty)
                {
                    return false;
                }
            }

            _available.Reset();
            // An add between the emptiness check above and the reset would otherwise be slept through.
            if (!_items.IsEmpty)
            {
                return true;
            }

            _available.Wait();
        }
    }

    public void Dispose() => _available.Dispose();
}
