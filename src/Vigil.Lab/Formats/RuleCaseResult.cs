using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Formats;

/// <summary>What Vigil made of one labelled rule case.</summary>
public sealed record RuleCaseResult(RuleTestCase Case, bool Read, string? Dataset, EventKind Kind, int Score, DecisionOutcome WouldBe, string? Reasons)
{
    /// <summary>The decision would not be a plain permit.</summary>
    public bool Fires => Read && WouldBe != DecisionOutcome.Permit;
}
