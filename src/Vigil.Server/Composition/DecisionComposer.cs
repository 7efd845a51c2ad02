using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Server.Authzen;

namespace Vigil.Server.Composition;

/// <summary>
/// Combines Vigil's decision with the upstream PDP's answer by the segment's rule (docs/integration.md). The upstream
/// is the policy engine already in production, so its deny is enforced whatever Vigil's rollout mode, and an upstream
/// that gave no answer counts as a deny (fail closed): no rule turns a missing answer into a permit.
/// </summary>
internal static class DecisionComposer
{
    /// <summary>
    /// Vigil's decision as enforced: unchanged when its segment is not composed; otherwise combined with the upstream's
    /// answer, which is returned to be recorded. A segment that names a rule with no upstream configured fails closed
    /// like an upstream that does not answer.
    /// </summary>
    public static async ValueTask<(Decision Decision, UpstreamAnswer? Upstream)> ComposeAsync(UpstreamPdpClient? upstream, AuthzenEvaluation evaluation, RiskAssessment assessment, Decision vigil)
    {
        if (vigil.Upstream == UpstreamCombining.None)
        {
            return (vigil, null);
        }

        var answer = upstream is null
            ? new UpstreamAnswer(vigil.Upstream, null, 0, "not_configured")
            : await upstream.AskAsync(evaluation, assessment, vigil, CancellationToken.None).ConfigureAwait(false);
        return (Combine(vigil, answer), answer);
    }

    public static Decision Combine(in Decision vigil, in UpstreamAnswer upstream)
    {
        bool upstreamPermits = upstream.Permitted == true;
        var upstreamReason = upstream.Permitted is null ? PolicyReason.UpstreamUnavailable : PolicyReason.UpstreamDenied;
        if (!upstreamPermits)
        {
            // Every rule: the upstream's deny (or its silence) is the answer, enforced.
            return vigil with { Outcome = DecisionOutcome.Deny, WouldBe = DecisionOutcome.Deny, Mode = RolloutMode.Enforce, Reason = upstreamReason, Rule = null, AcrValues = null, MaxAgeSeconds = null, LimitActions = null };
        }

        return upstream.Combining switch
        {
            // The upstream permits: Vigil's own answer stands (its bands on top for authoritative; its rules too for
            // deny-overrides), enforced or monitored as its segment says.
            UpstreamCombining.Authoritative or UpstreamCombining.DenyOverrides => vigil,
            // Advisory: the upstream's permit is enforced; what Vigil would do is recorded as in monitor mode.
            _ => vigil with { Outcome = DecisionOutcome.Permit, Mode = RolloutMode.Monitor },
        };
    }
}
