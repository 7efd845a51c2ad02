using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Server.Tests;

/// <summary>A hand-written policy: the outcome is chosen by the resource id (ending in "deny", "stepup", else permit).</summary>
internal sealed class FixedPolicy(RolloutMode mode = RolloutMode.Enforce) : IDecisionPolicy
{
    public Decision Decide(in TelemetryEvent request, in RiskAssessment assessment)
    {
        var wouldBe = request.ResourceId?.EndsWith("deny", StringComparison.Ordinal) == true ? DecisionOutcome.Deny
            : request.ResourceId?.EndsWith("stepup", StringComparison.Ordinal) == true ? DecisionOutcome.StepUp
            : DecisionOutcome.Permit;
        var outcome = mode == RolloutMode.Enforce ? wouldBe : DecisionOutcome.Permit;
        return wouldBe == DecisionOutcome.StepUp ? new Decision(outcome, wouldBe, mode, "phr", 300) : new Decision(outcome, wouldBe, mode);
    }
}
