namespace Vigil.Lab.Simulation;

/// <summary>
/// A lazy generator of one identity's (or one campaign's) events. The simulator keeps every actor in a priority
/// queue keyed by the time of its next event; an actor only materialises a short burst (one session) when the
/// queue reaches its <see cref="WakeMs"/>, so memory grows with the number of identities, not of events.
/// </summary>
internal abstract class Actor
{
    // Rented only while a burst is pending and returned when it drains: most identities are between sessions at
    // any moment, so memory follows the number of active sessions rather than of identities.
    private SimEvent[]? _buffer;
    private int _head;
    private int _count;

    /// <summary>When the buffer is empty: the time at which <see cref="Refill"/> must run. Never before the last buffered event.</summary>
    public long WakeMs { get; protected set; }

    public bool Finished { get; protected set; }

    /// <summary>Where buffers come from; set by the simulator when the actor joins the merge.</summary>
    public EventBufferPool? Pool { get; set; }

    public bool HasEvents => _head < _count;

    public long HeadMs => _buffer![_head].Ms;

    public ref SimEvent Head => ref _buffer![_head];

    public long LastBufferedMs => _count == 0 ? long.MinValue : _buffer![_count - 1].Ms;

    /// <summary>Called at <see cref="WakeMs"/> with an empty buffer: buffer the next burst (times at or after
    /// <see cref="WakeMs"/>, in order) and move <see cref="WakeMs"/> past it, or set <see cref="Finished"/>.</summary>
    public abstract void Refill(SimContext ctx);

    public void Advance()
    {
        _buffer![_head] = default; // drop references before the array goes back to the pool
        _head++;
        if (_head == _count)
        {
            _head = 0;
            _count = 0;
            Pool?.Return(_buffer);
            _buffer = null;
        }
    }

    public ref SimEvent Emit(long ms, EventAction action, EventOutcome outcome, in EventOrigin o)
    {
        if (_buffer is null)
        {
            _buffer = Pool?.Rent(64) ?? new SimEvent[64];
        }
        else if (_count == _buffer.Length)
        {
            var larger = new SimEvent[_buffer.Length * 2];
            _buffer.AsSpan(0, _count).CopyTo(larger);
            _buffer.AsSpan(0, _count).Clear();
            Pool?.Return(_buffer);
            _buffer = larger;
        }

        ref var e = ref _buffer[_count++];
        e = default;
        e.Ms = ms;
        e.Action = action;
        e.Outcome = outcome;
        e.Identity = o.Identity;
        e.Network = o.Network;
        e.Ip = o.Ip;
        e.UserAgent = o.UserAgent;
        e.Device = o.Device;
        e.SessionId = o.SessionId;
        e.TokenId = o.TokenId;
        e.Campaign = o.Campaign;
        e.OnBehalfOf = o.OnBehalfOf;
        e.CredentialId = o.Credential;
        e.AgentTask = o.AgentTask;
        return ref e;
    }

    /// <summary>Stable sort of the buffered events by time, for scripts that interleave several threads of activity.</summary>
    protected void SortBuffer()
    {
        if (_buffer is null)
        {
            return;
        }

        var span = _buffer.AsSpan(_head, _count - _head);
        var keys = new (long Ms, int Order)[span.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (span[i].Ms, i);
        }

        var copy = span.ToArray();
        Array.Sort(keys);
        for (var i = 0; i < keys.Length; i++)
        {
            span[i] = copy[keys[i].Order];
        }
    }
}
