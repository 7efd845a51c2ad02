using Vigil.Core.Decisions;
using Vigil.Core.Scoring;

namespace Vigil.Cli.Output;

/// <summary>Wire names of enums (snake_case, stable).</summary>
internal static class Names
{
    public static string Of(RiskLevel level) => level switch
    {
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        RiskLevel.Critical => "critical",
        _ => "none",
    };

    public static string Of(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.StepUp => "step_up",
        DecisionOutcome.Limit => "limit",
        DecisionOutcome.Deny => "deny",
        _ => "permit",
    };
}
