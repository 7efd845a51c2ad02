using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The sessions Vigil decided recently, per identity, for continuous re-evaluation (issue 16, item 4): each session's
/// latest request as it was decided, so that it can be decided again when the identity's risk changes. Fed by the
/// decision path rather than read back from the audit log: re-deciding needs the request as the engine saw it
/// (address, device, resource, sensitivity, acr), which the audit record holds only as the caller's JSON, and a read of
/// vigil.db on every risk change would compete with the decision path's writes. Bounded three ways
/// (<see cref="SsfSettings"/>): a window (sessions decided longer ago are not re-decided), a cap per identity (its
/// least recently decided session makes room) and a cap in all (the least recently decided identity makes room), so
/// memory stays bounded whatever the traffic. Held in memory only: after a restart, sessions decided before it are no
/// longer re-decided.
/// </summary>
internal sealed class RecentSessions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Identity), Entry> _identities = [];
    private readonly LinkedList<Entry> _order = new(); // least recently decided identity first
    private readonly string _defaultTenant;
    private readonly long _windowMs;
    private readonly int _perIdentity;
    private readonly int _max;
    private int _sessions;

    public RecentSessions(SsfSettings settings, ServerOptions options)
    {
        _defaultTenant = options.Engine.DefaultTenant;
        _windowMs = settings.ReevaluationWindowHours * 3_600_000L;
        _perIdentity = Math.Max(1, settings.ReevaluationSessionsPerIdentity);
        _max = Math.Max(_perIdentity, settings.ReevaluationMaxSessions); // the identity just recorded always fits
    }

    /// <summary>Sessions held in all.</summary>
    public int Count => Volatile.Read(ref _sessions);

    /// <summary>Identities held.</summary>
    public int Identities
    {
        get
        {
            lock (_gate)
            {
                return _identities.Count;
            }
        }
    }

    /// <summary>Remembers the decision of a request made within a session (the caller checked that it names one).</summary>
    public void Record(in TelemetryEvent request, DecisionOutcome outcome, long nowMs)
    {
        string session = request.SessionId!;
        var key = Key(request.Tenant, request.SubjectId);
        var recent = new RecentSession(session, request, nowMs, outcome);
        lock (_gate)
        {
            if (_identities.TryGetValue(key, out var entry))
            {
                _order.Remove(entry.Node);
                _order.AddLast(entry.Node);
            }
            else
            {
                entry = new Entry(key);
                entry.Node = _order.AddLast(entry);
                _identities[key] = entry;
            }

            entry.LastMs = nowMs;
            int i = entry.Sessions.FindIndex(s => string.Equals(s.Session, session, StringComparison.Ordinal));
            if (i >= 0)
            {
                entry.Sessions[i] = recent;
            }
            else
            {
                if (entry.Sessions.Count >= _perIdentity)
                {
                    entry.Sessions.RemoveAt(Oldest(entry.Sessions));
                    _sessions--;
                }

                entry.Sessions.Add(recent);
                _sessions++;
            }

            // Stale identities (nothing decided within the window) and, past the cap, the least recently decided ones go.
            while (_order.First is { } first && first.Value != entry && (_sessions > _max || nowMs - first.Value.LastMs > _windowMs))
            {
                Remove(first.Value);
            }
        }
    }

    /// <summary>Whether any session of the identity is held (a cheap check before queueing a re-evaluation).</summary>
    public bool Holds(string? tenant, string identity)
    {
        lock (_gate)
        {
            return _identities.ContainsKey(Key(tenant, identity));
        }
    }

    /// <summary>The identity's sessions decided within the window before <paramref name="nowMs"/>, oldest first.</summary>
    public IReadOnlyList<RecentSession> Take(string? tenant, string identity, long nowMs)
    {
        lock (_gate)
        {
            return _identities.TryGetValue(Key(tenant, identity), out var entry)
                ? [.. entry.Sessions.Where(s => nowMs - s.DecidedMs <= _windowMs).OrderBy(s => s.DecidedMs)]
                : [];
        }
    }

    /// <summary>
    /// Records a session's re-decided outcome, so that the next re-evaluation reports only a further change; a
    /// <paramref name="reported"/> re-evaluation (one that sent an event) is kept for the identity view, the most recent
    /// few per identity. A session decided again meanwhile keeps its newer decision.
    /// </summary>
    public void Reevaluated(string? tenant, string identity, RecentSession session, DecisionOutcome outcome, SessionReevaluation? reported)
    {
        lock (_gate)
        {
            if (!_identities.TryGetValue(Key(tenant, identity), out var entry))
            {
                return;
            }

            int i = entry.Sessions.FindIndex(s => string.Equals(s.Session, session.Session, StringComparison.Ordinal));
            if (i >= 0 && entry.Sessions[i].DecidedMs == session.DecidedMs)
            {
                entry.Sessions[i] = session with { Outcome = outcome };
            }

            if (reported is not null)
            {
                if (entry.History.Count >= _perIdentity)
                {
                    entry.History.RemoveAt(0);
                }

                entry.History.Add(reported);
            }
        }
    }

    /// <summary>The identity's reported re-evaluations, newest first (while it has a session within the window).</summary>
    public IReadOnlyList<SessionReevaluation> Reevaluations(string? tenant, string identity)
    {
        lock (_gate)
        {
            return _identities.TryGetValue(Key(tenant, identity), out var entry) ? [.. Enumerable.Reverse(entry.History)] : [];
        }
    }

    private (string, string) Key(string? tenant, string identity) => (tenant ?? _defaultTenant, identity);

    private static int Oldest(List<RecentSession> sessions)
    {
        int oldest = 0;
        for (int i = 1; i < sessions.Count; i++)
        {
            if (sessions[i].DecidedMs < sessions[oldest].DecidedMs)
            {
                oldest = i;
            }
        }

        return oldest;
    }

    private void Remove(Entry entry)
    {
        _order.Remove(entry.Node);
        _identities.Remove(entry.Key);
        _sessions -= entry.Sessions.Count;
    }

    private sealed class Entry((string Tenant, string Identity) key)
    {
        public (string Tenant, string Identity) Key { get; } = key;

        public List<RecentSession> Sessions { get; } = [];

        public List<SessionReevaluation> History { get; } = [];

        public LinkedListNode<Entry> Node { get; set; } = null!;

        public long LastMs { get; set; }
    }
}
