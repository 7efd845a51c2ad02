namespace Vigil.Server.Composition;

/// <summary>
/// Stops asking an upstream that keeps failing: after <c>failuresToOpen</c> consecutive failures the circuit opens
/// and requests are decided without asking (fail closed) for <c>openFor</c>; then one request at a time tries again
/// (half-open) and a success closes it. This keeps a dead upstream from adding its timeout to every decision.
/// </summary>
internal sealed class CircuitBreaker(int failuresToOpen, TimeSpan openFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private long _openUntil; // timestamp ticks of TimeProvider; 0 when closed
    private bool _trialInFlight;

    /// <summary>True when a request may go to the upstream now; false while the circuit is open.</summary>
    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_openUntil == 0)
            {
                return true;
            }

            if (time.GetTimestamp() < _openUntil || _trialInFlight)
            {
                return false;
            }

            _trialInFlight = true; // half-open: one request tries, the others still fail closed
            return true;
        }
    }

    /// <summary>The upstream answered.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            (_failures, _openUntil, _trialInFlight) = (0, 0, false);
        }
    }

    /// <summary>The upstream failed; returns true when this failure opened (or re-opened) the circuit.</summary>
    public bool Failed()
    {
        lock (_gate)
        {
            _failures++;
            if (_trialInFlight || _failures >= failuresToOpen)
            {
                bool opened = _openUntil == 0 || _trialInFlight;
                _trialInFlight = false;
                _openUntil = time.GetTimestamp() + (long)(openFor.TotalSeconds * time.TimestampFrequency);
                return opened;
            }

            return false;
        }
    }

    /// <summary>True while requests are decided without asking.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _openUntil != 0;
            }
        }
    }
}
