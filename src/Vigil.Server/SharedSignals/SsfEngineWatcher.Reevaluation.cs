using Microsoft.Extensions.Logging;
using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;
using Vigil.Server.Authzen;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Continuous re-evaluation (issue 16, item 4): when an identity's risk changes (a band crossed upward, a signal
/// received from a transmitter, an analyst's confirm_compromised), the sessions Vigil decided for it within the window
/// (<see cref="RecentSessions"/>) are decided again, now, against the policy in force and what the engine knows now. A
/// session whose enforced outcome becomes a deny gets CAEP session-revoked; one that now needs a step-up gets
/// assurance-level-change; both name the user and the session (a complex subject) and share one <c>txn</c> per cause.
/// Only a change is reported: a session already denied (or already asked to step up) is not reported again until a
/// later decision of it says otherwise.
/// </summary>
internal sealed partial class SsfEngineWatcher
{
    /// <summary>Longest a re-evaluation waits for the engine to learn what was journaled before it (a received session-revoked, say).</summary>
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An enforced decision of a request made within a session: remembered for re-evaluation, while some stream takes
    /// session-revoked or assurance-level-change (otherwise there is no one to tell, and the decision path pays a
    /// null check). A deny that only says the evaluation failed tells nothing about the session and is not remembered.
    /// </summary>
    public void SessionDecided(TelemetryEvent request, Decision decision)
    {
        if (request.SessionId is null || decision.Reason == PolicyReason.DecisionError
            || !(transmitter.Wanted(SsfEventTypes.SessionRevoked) || transmitter.Wanted(SsfEventTypes.AssuranceLevelChange)))
        {
            return;
        }

        recent.Record(request, decision.Outcome, options.Time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// Queues the re-evaluation of the identity's recent sessions (a lookup when it has none). <paramref name="txn"/>
    /// links the SETs to those of the cause when it sent some (a confirmed compromise's session-revoked).
    /// </summary>
    public void Reevaluate(string? tenant, string identity, string cause, string? txn = null)
    {
        if (recent.Count == 0 || !recent.Holds(tenant, identity))
        {
            return;
        }

        Queue(new ReevaluationRequest(tenant ?? options.Engine.DefaultTenant, identity, cause) { Txn = txn }, "session re-evaluation");
    }

    private static int Rank(string level) => level switch
    {
        "HIGH" => 2,
        "MEDIUM" => 1,
        _ => 0,
    };

    private async Task ReevaluateAsync(ReevaluationRequest r, CancellationToken cancellation)
    {
        try
        {
            // What changed may still be on its way into the engine (a received session-revoked is journaled, then learned).
            await engine.WhenCaughtUpAsync().WaitAsync(CatchUpWait, options.Time, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Behind a backlog (a timeout), or a stopped writer: decided from what is learned so far. Never thrown out
            // of here, which would end the loop that sends every other SET too.
        }

        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var current = policy.Current;
        string txn = r.Txn ?? SecurityEventToken.NewId();
        foreach (var session in recent.Take(r.Tenant, r.Identity, now))
        {
            Decision decision;
            try
            {
                // The session's latest request, asked again now: what the session may do from here on.
                var request = session.Request with { TimestampMs = now };
                var assessment = engine.Assess(request, out var enriched);
                decision = current.Policy.Decide(enriched, assessment);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                // Nothing is concluded from a failure: the session keeps its last outcome, and no event is sent.
                SsfLog.ReevaluationFailed(logger, r.Cause, ex);
                continue;
            }

            if (decision.Reason == PolicyReason.DecisionError)
            {
                continue;
            }

            string? eventType = decision.Outcome switch
            {
                DecisionOutcome.Deny when session.Outcome != DecisionOutcome.Deny => SsfEventTypes.SessionRevoked,
                DecisionOutcome.StepUp when session.Outcome is DecisionOutcome.Permit or DecisionOutcome.Limit => SsfEventTypes.AssuranceLevelChange,
                _ => null,
            };
            SessionReevaluation? reported = null;
            if (eventType is not null)
            {
                reported = new SessionReevaluation(session.Session, session.Outcome, decision.Outcome, eventType, r.Cause, now);
                Send(session, decision, reported, txn);
            }

            recent.Reevaluated(r.Tenant, r.Identity, session, decision.Outcome, reported);
        }
    }

    private void Send(RecentSession session, Decision decision, SessionReevaluation change, string txn)
    {
        var request = session.Request;
        var subject = SubjectId.ForIdentity(request.SubjectId, request.Tenant, session.Session);
        try
        {
            if (change.EventType == SsfEventTypes.SessionRevoked)
            {
                _ = Due(_deniedSessions, (request.Tenant, request.SubjectId, session.Session), change.TimeMs); // the decision path's own deny of it stays quiet for a while
                transmitter.Emit(SsfEventTypes.SessionRevoked, subject, request.Tenant, txn, w => CaepEventBodies.SessionRevoked(w, change.TimeMs,
                    $"Vigil re-decided this session because {change.Cause}: its policy now denies it{RuleText(decision)}; end the session."));
            }
            else
            {
                string required = decision.AcrValues ?? "mfa";
                transmitter.Emit(SsfEventTypes.AssuranceLevelChange, subject, request.Tenant, txn, w => CaepEventBodies.AssuranceLevelDecreased(w, request.Acr, change.TimeMs,
                    $"Vigil re-decided this session because {change.Cause}: its policy now requires a step-up to {required}{RuleText(decision)}."));
            }

            SsfLog.Reevaluated(logger, change.Cause, DecisionMapper.OutcomeText(change.Was), DecisionMapper.OutcomeText(change.Now), change.EventType);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            SsfLog.EmitFailed(logger, change.EventType, ex);
        }
    }

    private static string RuleText(Decision decision) => decision.Rule is null ? "" : $" (rule {decision.Rule})";
}
