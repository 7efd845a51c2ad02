using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Decisions;

/// <summary>Runs a policy with every segment forced into one rollout mode (a command-line override for replays).</summary>
public sealed class ModeOverride(IDecisionPolicy inner, RolloutMode mode) : IDecisionPolicy
{
    /// <inheritdoc />
    public Decision Decide(in TelemetryEvent request, in RiskAssessment assessment)
    {
        var decision = inner.Decide(request, assessment);
        return decision with { Mode = mode, Outcome = mode == RolloutMode.Enforce ? decision.WouldBe : DecisionOutcome.Permit };
    }
}
