using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Decisions;

/// <summary>
/// Turns a request and its risk assessment into a decision: <see cref="Policies.CompiledPolicy"/> (policy documents
/// with CEL conditions) in the product, <see cref="ModeOverride"/> around it, hand-written policies in tests.
/// Implementations never fail open: an error inside a policy yields a deny, never a permit.
/// </summary>
public interface IDecisionPolicy
{
    /// <summary>Decides for an event or request given its assessment.</summary>
    Decision Decide(in TelemetryEvent request, in RiskAssessment assessment);
}
