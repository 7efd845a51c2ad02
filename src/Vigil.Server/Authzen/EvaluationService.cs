using System.Diagnostics;
using Vigil.Core.Telemetry;
using Vigil.Server.Hosting;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Authzen;

/// <summary>
/// Decides one evaluation: every request is assessed against what the engine knows when it arrives; one carrying
/// telemetry is also journaled and then learned by the single writer; a bare policy question is only assessed. Every decision is written to the audit log; the
/// returned task completes once the record is on disk.
/// </summary>
internal sealed class EvaluationService(EngineHost engine, PolicyHolder policy, AuditWriter audit, DecisionIds ids, VigilMetrics metrics, ServerOptions options)
{
    public async ValueTask<(EvaluationResult Result, string? Error)> EvaluateAsync(AuthzenEvaluation evaluation, string? requestId, List<Task>? pendingAudits = null)
    {
        long started = Stopwatch.GetTimestamp();
        using var activity = VigilTracing.Source.StartActivity("vigil.evaluate");
        long nowMs = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        bool observe = EvaluationMapper.HasTelemetry(evaluation);
        TelemetryEvent request;
        string? error;
        byte[]? journaled = null;
        bool mapped;
        if (observe)
        {
            // Journaled: written as ECS JSON so that a replay reads the same bytes.
            mapped = EvaluationMapper.TryMap(evaluation, nowMs, out request, out var ecs, out error);
            journaled = mapped ? ecs.ToArray() : null;
        }
        else
        {
            mapped = EvaluationMapper.TryMap(evaluation, nowMs, out request, out error);
        }

        if (!mapped)
        {
            return (default, error ?? "the request could not be mapped");
        }

        // Decided from what is known now, on this thread: the decision never waits for the writer to learn other
        // events (a shipper's backlog). An observed request is then journaled ahead of ingestion and learned by the
        // writer in journal order; the answer waits only for that commit, so feedback on it is journaled after it.
        var assessment = engine.Assess(request);
        long sequence = 0;
        bool observed = false;
        if (journaled is not null)
        {
            var append = new JournalAppend(JournalKind.Event, request.Id, request.SubjectId, journaled);
            var journal = await engine.JournalObservedAsync(append, request).ConfigureAwait(false);
            (sequence, observed) = (journal.Sequence, !journal.Duplicate); // the same event id again: answered, learned once
        }

        var current = policy.Current; // one read: the version recorded is the version that decided
        var decision = current.Policy.Decide(request, assessment);
        var result = new EvaluationResult(ids.Next(), decision, assessment, observed, sequence, request.Id, request.TimestampMs, current.Version);
        var record = new AuditAppend(result.DecisionId, evaluation.Subject.Id, nowMs, AuditRecordWriter.Write(in result, evaluation, requestId));
        var written = audit.AppendAsync(record);
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
        return (result, null);
    }
}
