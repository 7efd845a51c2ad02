using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Hosting;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Watches what the engine learns and sends CAEP events about it. <c>risk-level-change</c> when an identity's risk
/// crosses a band; <c>device-compliance-change</c> when a device's reported compliance (<c>labels.device_compliant</c>)
/// flips, with the device and its user as a complex subject (a device's first report has no previous status, which
/// CAEP requires, so it sets the baseline silently; the last status of at most <see cref="MaxRemembered"/> devices is
/// kept in memory, so a restart sets baselines again). For risk: Vigil's identity risk (0 to 100) maps
/// to CAEP's three levels: below 40 LOW, 40 to 64 MEDIUM, 65 and above HIGH (the Medium and High bands of
/// docs/detectors.md). The engine's writer calls <see cref="Observe"/> after each learned event (live only: it is
/// attached after recovery); the comparison is a dictionary lookup and the SET is signed and queued on this service's
/// own thread, so the writer never waits on signing or the outbox. Only identities above LOW are remembered (absent
/// means LOW), at most <see cref="MaxRemembered"/>, so the map stays as small as the set of risky identities.
/// </summary>
internal sealed partial class SsfEngineWatcher(EngineHost engine, SsfTransmitter transmitter, Authzen.EvaluationService evaluations, PolicyHolder policy, RecentSessions recent,
    Connectors.RiskChangeLog siemRiskChanges, ServerOptions options, ILogger<SsfEngineWatcher> logger) : BackgroundService
{
    private const int MaxRemembered = 100_000;
    private const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<(string? Tenant, string Identity), string> _levels = new();
    private readonly ConcurrentDictionary<(string? Tenant, string Device), bool> _devices = new();
    private readonly Channel<object> _changes = Channel.CreateBounded<object>(new BoundedChannelOptions(MaxPending) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Learned = Observe; // after EngineHost.StartAsync has recovered: replayed events are history, not news
        evaluations.StepUpRequired = StepUpRequired;
        evaluations.SessionDenied = SessionDenied;
        evaluations.SessionDecided = SessionDecided;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Learned = null;
        evaluations.StepUpRequired = null;
        evaluations.SessionDenied = null;
        evaluations.SessionDecided = null;
        _changes.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>CAEP's level for an identity risk of 0 to 1.</summary>
    public static string Level(float identityRisk) => Math.Round(identityRisk * 100) switch
    {
        >= 65 => "HIGH", // RiskLevel.High and Critical
        >= 40 => "MEDIUM", // RiskLevel.Medium
        _ => "LOW",
    };

    public void Observe(TelemetryEvent e, RiskAssessment assessment)
    {
        // Nothing is tracked while no stream takes the event: a stream created later starts from LOW and the next
        // report, which is what it would have heard had it existed since the restart.
        if (e.DeviceCompliant is { } compliant && e.DeviceId is { } device && transmitter.Wanted(SsfEventTypes.DeviceComplianceChange))
        {
            ObserveDevice(e, device, compliant);
        }

        // Bands are also followed while sessions are held for re-evaluation (a rise re-decides them), and the SIEM
        // exports take the same crossings (docs/connectors.md, "SIEM export"): one comparison feeds all three.
        bool announce = transmitter.Wanted(SsfEventTypes.RiskLevelChange) || siemRiskChanges.Wanted;
        bool streams = transmitter.Wanted(SsfEventTypes.RiskLevelChange);
        bool reevaluate = recent.Count > 0;
        if (!announce && !reevaluate)
        {
            return;
        }

        string current = Level(assessment.IdentityRisk);
        var key = (e.Tenant, e.SubjectId);
        string previous = _levels.TryGetValue(key, out var known) ? known : "LOW";
        if (current == previous)
        {
            return;
        }

        if (current == "LOW")
        {
            _levels.TryRemove(key, out _);
        }
        else if (_levels.Count < MaxRemembered || _levels.ContainsKey(key))
        {
            _levels[key] = current;
        }

        if (reevaluate && Rank(current) > Rank(previous))
        {
            Reevaluate(e.Tenant, e.SubjectId, $"its risk level rose from {previous} to {current}");
        }

        if (!announce)
        {
            return;
        }

        RiskFactor? top = null;
        for (int i = 0; i < assessment.FactorCount; i++)
        {
            var f = assessment.Factor(i);
            if (top is null || f.Contribution > top.Value.Contribution)
            {
                top = f;
            }
        }

        var change = new RiskLevelChange(e.SubjectId, e.Tenant, previous, current, top?.CodeText, top?.Describe(), e.TimestampMs);
        siemRiskChanges.Record(change);
        if (streams)
        {
            Queue(change, SsfEventTypes.RiskLevelChange);
        }
    }

    /// <summary>Least time between two assurance-level-change SETs for one identity (or session-revoked SETs for one session): a person retrying a page must not flood receivers.</summary>
    private const long QuietMs = 10 * 60_000;

    private readonly ConcurrentDictionary<(string? Tenant, string Identity), long> _stepUps = new();

    /// <summary>
    /// An enforced decision required a step-up: CAEP <c>assurance-level-change</c>, at most one per identity per 10
    /// minutes (at most <see cref="MaxRemembered"/> identities remembered; past it, entries older than the quiet time are
    /// swept, and if none is, the SET is sent anyway: a missed step-up signal is worse than a repeated one).
    /// </summary>
    public void StepUpRequired(TelemetryEvent request, Core.Decisions.Decision decision)
    {
        if (!transmitter.Wanted(SsfEventTypes.AssuranceLevelChange))
        {
            return;
        }

        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!Due(_stepUps, (request.Tenant, request.SubjectId), now))
        {
            return;
        }

        Queue(new AssuranceLevelChange(request.SubjectId, request.Tenant, request.Acr, decision.AcrValues ?? "mfa", now), SsfEventTypes.AssuranceLevelChange);
    }

    private readonly ConcurrentDictionary<(string? Tenant, string Identity, string Session), long> _deniedSessions = new();

    /// <summary>
    /// An enforced decision denied a request made within a session (issue 16, item 2): that session is live and its
    /// subject is not to be trusted with it, so CAEP <c>session-revoked</c> for the user and session (a complex
    /// subject), at most one per session per 10 minutes, as for step-ups.
    /// </summary>
    public void SessionDenied(TelemetryEvent request, Core.Decisions.Decision decision)
    {
        if (request.SessionId is not { } session || !transmitter.Wanted(SsfEventTypes.SessionRevoked))
        {
            return;
        }

        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!Due(_deniedSessions, (request.Tenant, request.SubjectId, session), now))
        {
            return;
        }

        Queue(new DeniedSession(request.SubjectId, request.Tenant, session, decision.Rule, now), SsfEventTypes.SessionRevoked);
    }

    /// <summary>
    /// Whether a SET about <paramref name="key"/> is due: none in the last 10 minutes. At most <see cref="MaxRemembered"/>
    /// keys are remembered; past it, entries older than the quiet time are swept, and if none is, the SET is sent anyway
    /// (a missed signal is worse than a repeated one).
    /// </summary>
    private static bool Due<TKey>(ConcurrentDictionary<TKey, long> sent, TKey key, long now)
        where TKey : notnull
    {
        if (sent.TryGetValue(key, out long last) && now - last < QuietMs)
        {
            return false;
        }

        if (sent.Count >= MaxRemembered)
        {
            foreach (var entry in sent)
            {
                if (now - entry.Value >= QuietMs)
                {
                    sent.TryRemove(entry.Key, out _);
                }
            }
        }

        if (sent.Count < MaxRemembered)
        {
            sent[key] = now;
        }

        return true;
    }

    private void ObserveDevice(in TelemetryEvent e, string device, bool compliant)
    {
        var key = (e.Tenant, device);
        if (_devices.TryGetValue(key, out bool known))
        {
            if (known == compliant)
            {
                return;
            }

            _devices[key] = compliant;
            Queue(new DeviceComplianceChange(e.SubjectId, e.Tenant, device, compliant, e.TimestampMs), SsfEventTypes.DeviceComplianceChange);
        }
        else if (_devices.Count < MaxRemembered)
        {
            _devices[key] = compliant;
        }
    }

    private void Queue(object change, string eventType)
    {
        if (_changes.Writer.TryWrite(change))
        {
            Volatile.Write(ref _dropping, 0);
        }
        else if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            // Logged once per run of drops, not per event: a backfill can move thousands of identities at once.
            SsfLog.EmitFailed(logger, eventType, new InvalidOperationException($"more than {MaxPending} changes wait to be signed; further changes are dropped until there is room"));
        }
    }

    private int _dropping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (change is RiskLevelChange risk)
                {
                    Send(risk);
                }
                else if (change is DeviceComplianceChange device)
                {
                    Send(device);
                }
                else if (change is AssuranceLevelChange assurance)
                {
                    Send(assurance);
                }
                else if (change is DeniedSession denied)
                {
                    Send(denied);
                }
                else if (change is ReevaluationRequest reevaluation)
                {
                    await ReevaluateAsync(reevaluation, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Send(RiskLevelChange c)
    {
        try
        {
            transmitter.Emit(SsfEventTypes.RiskLevelChange, SubjectId.ForIdentity(c.Identity, c.Tenant), c.Tenant, SecurityEventToken.NewId(), w =>
            {
                w.WriteString("principal", "USER");
                w.WriteString("current_level", c.Current);
                w.WriteString("previous_level", c.Previous);
                if (c.ReasonCode is not null)
                {
                    w.WriteString("risk_reason", c.ReasonCode); // a Vigil reason code, docs/reason-codes.md
                }

                w.WriteNumber("event_timestamp", c.TimeMs / 1000);
                w.WriteStartObject("reason_admin");
                w.WriteString("en", c.ReasonText is null
                    ? $"Vigil's identity risk moved from {c.Previous} to {c.Current}."
                    : $"Vigil's identity risk moved from {c.Previous} to {c.Current}: {c.ReasonText}");
                w.WriteEndObject();
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.RiskLevelChange, ex);
        }
    }

    private void Send(DeviceComplianceChange c)
    {
        try
        {
            transmitter.Emit(SsfEventTypes.DeviceComplianceChange, SubjectId.ForDevice(c.Identity, c.Tenant, c.DeviceId), c.Tenant, SecurityEventToken.NewId(), w =>
            {
                w.WriteString("previous_status", c.Compliant ? "not-compliant" : "compliant");
                w.WriteString("current_status", c.Compliant ? "compliant" : "not-compliant");
                w.WriteNumber("event_timestamp", c.TimeMs / 1000);
                w.WriteStartObject("reason_admin");
                w.WriteString("en", c.Compliant ? "The device reported itself compliant again." : "The device failed its compliance check.");
                w.WriteEndObject();
                w.WriteStartObject("reason_user");
                w.WriteString("en", c.Compliant ? "Your device meets the organisation's requirements again." : "Your device no longer meets the organisation's requirements.");
                w.WriteEndObject();
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.DeviceComplianceChange, ex);
        }
    }

    /// <summary>
    /// CAEP 1.0 section 3.5 names levels within a <c>namespace</c>; Vigil's are OIDC acr values, so <c>Custom</c>. The
    /// session's level as Vigil knows it (<c>labels.acr</c>, else <c>unknown</c>) no longer suffices, hence
    /// <c>change_direction</c> <c>decrease</c>; the level required is in <c>reason_admin</c>.
    /// </summary>
    private void Send(AssuranceLevelChange c)
    {
        try
        {
            transmitter.Emit(SsfEventTypes.AssuranceLevelChange, SubjectId.ForIdentity(c.Identity, c.Tenant), c.Tenant, SecurityEventToken.NewId(), w => CaepEventBodies.AssuranceLevelDecreased(w, c.CurrentAcr, c.TimeMs,
                $"Vigil's policy requires a step-up to {c.RequiredAcr} for this identity's access: its current authentication no longer suffices."));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.AssuranceLevelChange, ex);
        }
    }

    private void Send(DeniedSession c)
    {
        try
        {
            transmitter.Emit(SsfEventTypes.SessionRevoked, SubjectId.ForIdentity(c.Identity, c.Tenant, c.Session), c.Tenant, SecurityEventToken.NewId(), w => CaepEventBodies.SessionRevoked(w, c.TimeMs,
                c.Rule is null
                    ? "Vigil's policy denied this session's access; end the session."
                    : $"Vigil's policy denied this session's access (rule {c.Rule}); end the session."));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, SsfEventTypes.SessionRevoked, ex);
        }
    }
}
