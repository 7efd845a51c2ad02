namespace Vigil.Server.Connectors;

/// <summary>
/// What one connector has done, for <c>GET /v1/connectors</c> and the metrics: written by its loop, read by
/// requests (under a lock: a handful of fields, read rarely).
/// </summary>
internal sealed class ConnectorHealth(ConnectorSettings settings)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastErrorAt;
    private string? _lastError;
    private long _newestEventMs;
    private long _read;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _requests;
    private long _failures;
    private long _rateLimited;
    private DateTimeOffset? _waitingUntil;
    private string? _listening;

    public ConnectorSettings Settings => settings;

    public void Page(DateTimeOffset now, int read, IngestOutcome outcome)
    {
        lock (_gate)
        {
            _requests++;
            _lastSuccess = now;
            _read += read;
            _accepted += outcome.Accepted;
            _duplicates += outcome.Duplicates;
            _rejected += outcome.Rejected;
            _newestEventMs = Math.Max(_newestEventMs, outcome.NewestEventMs);
            if (outcome.Errors.Count > 0)
            {
                _lastError = "record refused: " + outcome.Errors[0].Error;
                _lastErrorAt = now;
            }
        }
    }

    public void Failed(DateTimeOffset now, string error, bool rateLimited)
    {
        lock (_gate)
        {
            _requests++;
            _failures++;
            _rateLimited += rateLimited ? 1 : 0;
            _lastError = error;
            _lastErrorAt = now;
        }
    }

    /// <summary>A receiver's bound address (a syslog port given as 0 is chosen by the system).</summary>
    public string? ListeningOn
    {
        get
        {
            lock (_gate)
            {
                return _listening;
            }
        }
    }

    public void Listening(string endpoint)
    {
        lock (_gate)
        {
            _listening = endpoint;
        }
    }

    public void Waiting(DateTimeOffset? until)
    {
        lock (_gate)
        {
            _waitingUntil = until;
        }
    }

    public Snapshot Read(DateTimeOffset now)
    {
        lock (_gate)
        {
            double? lag = _newestEventMs == 0 ? null : Math.Max(0, (now.ToUnixTimeMilliseconds() - _newestEventMs) / 1000.0);
            return new Snapshot(settings.Name, settings.Type, _lastSuccess, _lastErrorAt, _lastError, lag, _read, _accepted, _duplicates, _rejected, _requests, _failures, _rateLimited, _waitingUntil);
        }
    }

    /// <summary>One reading of the counters; <c>LagSeconds</c> is the time since the newest event read was published.</summary>
    public readonly record struct Snapshot(string Name, ConnectorType Type, DateTimeOffset? LastSuccess, DateTimeOffset? LastErrorAt, string? LastError, double? LagSeconds,
        long EventsRead, long Accepted, long Duplicates, long Rejected, long Requests, long Failures, long RateLimited, DateTimeOffset? WaitingUntil);
}
