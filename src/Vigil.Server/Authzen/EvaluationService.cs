using System.Diagnostics;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Composition;
using Vigil.Server.Hosting;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Authzen;

/// <summary>
/// Decides one evaluation: every request is assessed against what the engine knows when it arrives; one carrying
/// telemetry is also journaled (staged first, docs/server.md) and then learned by the single writer; a bare policy question is only assessed. Every decision is written to the audit log; the
/// returned task completes once the record is on disk.
/// </summary>
internal sealed class EvaluationService(EngineHost engine, PolicyHolder policy, AuditWriter audit, Alerts.AlertWriter alerts, DecisionIds ids, VigilMetrics metrics, ServerOptions options, ILogger<EvaluationService> logger, UpstreamPdpClient? upstream = null)
{
    /// <summary>Maps one evaluation; a request that does not map is a 400 with <paramref name="error"/> naming the field.</summary>
    public bool TryPrepare(AuthzenEvaluation evaluation, out PreparedEvaluation prepared, out string? error)
    {
        long nowMs = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        TelemetryEvent request;
        byte[]? journaled = null;
        bool mapped;
        if (EvaluationMapper.HasTelemetry(evaluation))
        {
            // Journaled: written as ECS JSON so that a replay reads the same bytes.
            mapped = EvaluationMapper.TryMap(evaluation, nowMs, out request, out var ecs, out error);
            journaled = mapped ? ecs.ToArray() : null;
        }
        else
        {
            mapped = EvaluationMapper.TryMap(evaluation, nowMs, out request, out error);
        }

        prepared = mapped ? new PreparedEvaluation(evaluation, request, journaled) : default;
        error = mapped ? null : error ?? "the request could not be mapped";
        return mapped;
    }

    /// <summary>Called when an enforced decision requires a step-up (set by the Shared Signals transmitter; docs/ssf.md).</summary>
    internal Action<TelemetryEvent, Decision>? StepUpRequired { get; set; }

    /// <summary>Called when an enforced decision denies a request made within a session (set by the Shared Signals transmitter: session-revoked; docs/ssf.md).</summary>
    internal Action<TelemetryEvent, Decision>? SessionDenied { get; set; }

    /// <summary>Called with every decision (set by the Shared Signals transmitter: the sessions it re-decides when risk changes; docs/ssf.md).</summary>
    internal Action<TelemetryEvent, Decision>? SessionDecided { get; set; }

    public async ValueTask<(EvaluationResult Result, string? Error)> EvaluateAsync(AuthzenEvaluation evaluation, string? requestId, List<Task>? pendingAudits = null)
    {
        if (!TryPrepare(evaluation, out var prepared, out string? error))
        {
            return (default, error);
        }

        return (await DecideAsync(prepared, requestId, pendingAudits).ConfigureAwait(false), null);
    }

    /// <summary>
    /// Decides a prepared evaluation and writes its record. Never throws for the request's sake: an error anywhere in
    /// assessing or deciding is a deny (VG2011) that is audited like any decision, never a permit and never a 500.
    /// Only a stopped engine writer (the whole service is unavailable) is answered 503 instead.
    /// </summary>
    public async ValueTask<EvaluationResult> DecideAsync(PreparedEvaluation prepared, string? requestId, List<Task>? pendingAudits = null)
    {
        long started = Stopwatch.GetTimestamp();
        using var activity = VigilTracing.Source.StartActivity("vigil.evaluate");
        var request = prepared.Request;
        var current = policy.Current; // one read: the version recorded is the version that decided
        RiskAssessment assessment = default;
        long sequence = 0;
        bool observed = false;
        Decision decision;
        try
        {
            // Decided from what is known now, on this thread: the decision never waits for the writer to learn other
            // events (a shipper's backlog). An observed request is staged in the journal's ring (durable at once) and
            // answered; the committer journals it ahead of ingestion and the writer learns it in journal order. Only
            // when it cannot be staged (--journal-fsync, a full ring) does the answer wait for its journal commit.
            assessment = engine.Assess(request, out var enriched);
            if (prepared.Journaled is { } journaled && engine.MayLearnObserved(request.Tenant))
            {
                var append = new JournalAppend(JournalKind.Event, request.Id, request.SubjectId, journaled, JournalSource.Evaluation);
                if (engine.TryStageObserved(append, request))
                {
                    observed = true; // its journal sequence is not known yet; a repeated event id is still learned once
                }
                else
                {
                    var journal = await engine.JournalObservedAsync(append, request).ConfigureAwait(false);
                    (sequence, observed) = (journal.Sequence, !journal.Duplicate); // the same event id again: answered, learned once
                }
            }

            decision = current.Policy.Decide(enriched, assessment); // on what enrichment added (request.country from the address), as vigil score does
        }
        catch (Exception e) when (e is not OperationCanceledException and not EngineUnavailableException)
        {
            AuthzenLog.DecisionFailed(logger, e);
            decision = Failed(current.Policy, e.GetType().Name);
        }

        // Composed with an existing PDP (docs/integration.md) when the segment says so.
        (decision, var asked) = await DecisionComposer.ComposeAsync(upstream, prepared.Evaluation, assessment, decision).ConfigureAwait(false);

        var result = new EvaluationResult(ids.Next(), decision, assessment, observed, sequence, request.Id, request.TimestampMs, current.Version) { Tenant = request.Tenant, Upstream = asked };
        // The time_ms column is a copy of the record's time_ms (the event's time), which audit reads check against the
        // hashed record; the service's clock differs whenever the request states its own time.
        var record = new AuditAppend(result.DecisionId, prepared.Evaluation.Subject.Id, result.TimeMs, AuditRecordWriter.Write(in result, prepared.Evaluation, requestId));
        var written = audit.AppendAsync(record);
        alerts.Decided(in result, in request); // below the alert level: one comparison
        SessionDecided?.Invoke(request, decision); // Shared Signals: continuous re-evaluation of recent sessions
        if (decision.Outcome == DecisionOutcome.StepUp)
        {
            StepUpRequired?.Invoke(request, decision); // Shared Signals: assurance-level-change (queued, signed off this thread)
        }
        else if (decision.Outcome == DecisionOutcome.Deny && decision.Reason != PolicyReason.DecisionError && request.SessionId is not null)
        {
            // Shared Signals: session-revoked for the live session the request was made in. Not for a deny that only
            // says the evaluation failed: that is no finding about the session.
            SessionDenied?.Invoke(request, decision);
        }
        if (pendingAudits is null)
        {
            await written.ConfigureAwait(false);
        }
        else
        {
            pendingAudits.Add(written);
        }

        if (activity is not null)
        {
            activity.SetTag("vigil.decision_id", result.DecisionId);
            activity.SetTag("vigil.outcome", DecisionMapper.OutcomeText(decision.Outcome));
            activity.SetTag("vigil.risk_score", assessment.Score);
            activity.SetTag("vigil.observed", observed);
        }

        metrics.Decision(DecisionMapper.OutcomeText(decision.Outcome));
        metrics.Latency(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return result;
    }

    /// <summary>
    /// The decision when deciding failed: a deny, enforced unless the deployment runs in monitor mode (the --mode
    /// setting, else the policy's default mode), where every decision is a permit that reports what it would be.
    /// </summary>
    public Decision Failed(IDecisionPolicy decider, string error)
    {
        var compiled = PolicyHolder.CompiledOf(decider);
        var mode = options.Mode ?? compiled?.Document.DefaultMode ?? RolloutMode.Enforce;
        return new Decision(mode == RolloutMode.Enforce ? DecisionOutcome.Deny : DecisionOutcome.Permit, DecisionOutcome.Deny, mode)
        {
            Reason = PolicyReason.DecisionError,
            PolicyVersion = compiled?.Version,
            Error = error,
        };
    }
}
