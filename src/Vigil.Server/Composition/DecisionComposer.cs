using Vigil.Core.Decisions;

namespace Vigil.Server.Composition;

/// <summary>
/// Combines Vigil's decision with the upstream PDP's answer by the segment's rule (docs/integration.md). The upstream
/// is the policy engine already in production, so its deny is enforced whatever Vigil's rollout mode, and an upstream
/// that gave no answer counts as a deny (fail closed): no rule turns a missing answer into a permit.
/// </summary>
internal static class DecisionComposer
{
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
