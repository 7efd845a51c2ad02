using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;

namespace Vigil.Server.Authzen;

/// <summary>
/// The one place where a Vigil decision becomes an AuthZEN answer (AuthZEN 1.0, Access Evaluation API response): <c>decision</c> is
/// true for permit (and limit), false for deny and step-up; <c>context</c> carries the risk and its reasons, the
/// step-up challenge as <c>acr_values</c>/<c>max_age</c> (RFC 9470 section 4 and the AuthZEN step-up guidance),
/// <c>reason_admin</c>/<c>reason_user</c>, the decision id for feedback and, in monitor mode, the would-be outcome.
/// New decision fields (matched rule, segment, obligations) go here.
/// </summary>
internal static class DecisionMapper
{
    /// <summary>Reasons listed per decision: the strongest first.</summary>
    public const int MaxReasons = 5;

    public static bool IsPermitted(in Decision decision) => decision.Outcome is DecisionOutcome.Permit or DecisionOutcome.Limit;

    public static string OutcomeText(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Permit => "permit",
        DecisionOutcome.StepUp => "step_up",
        DecisionOutcome.Limit => "limit",
        _ => "deny",
    };

    public static string LevelText(RiskLevel level) => level switch
    {
        RiskLevel.None => "none",
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        _ => "critical",
    };

    /// <summary>Writes <c>{"decision": ..., "context": {...}}</c>, or only the decision when <paramref name="bare"/>.</summary>
    public static void Write(Utf8JsonWriter w, EvaluationResult r, bool bare)
    {
        var d = r.Decision;
        w.WriteStartObject();
        w.WriteBoolean("decision", IsPermitted(d));
        if (!bare)
        {
            w.WriteStartObject("context");
            w.WriteString("decision_id", r.DecisionId);
            w.WriteString("outcome", OutcomeText(d.Outcome));
            if (d.Mode == RolloutMode.Monitor)
            {
                w.WriteString("mode", "monitor");
                w.WriteString("would_be", OutcomeText(d.WouldBe));
            }

            if (d.Outcome == DecisionOutcome.StepUp || (d.Mode == RolloutMode.Monitor && d.WouldBe == DecisionOutcome.StepUp))
            {
                if (d.AcrValues is not null)
                {
                    w.WriteString("acr_values", d.AcrValues);
                }

                if (d.MaxAgeSeconds is int maxAge)
                {
                    w.WriteNumber("max_age", maxAge);
                }
            }

            WritePolicy(w, d);
            WriteRisk(w, r.Assessment);
            w.WriteStartObject("reason_admin");
            w.WriteString("en", AdminReason(r));
            w.WriteEndObject();
            if (d.Outcome != DecisionOutcome.Permit)
            {
                w.WriteStartObject("reason_user");
                w.WriteString("en", UserReason(d.Outcome));
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Which policy decided and why (docs/policies.md), and for a limit the actions still allowed (obligations profile).</summary>
    private static void WritePolicy(Utf8JsonWriter w, in Decision d)
    {
        if (d.Reason == PolicyReason.None)
        {
            return;
        }

        w.WriteStartObject("policy");
        w.WriteString("version", d.PolicyVersion);
        w.WriteString("reason", "VG" + ((int)d.Reason).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (d.Segment is not null)
        {
            w.WriteString("segment", d.Segment);
        }

        if (d.Rule is not null)
        {
            w.WriteString("rule", d.Rule);
        }

        w.WriteEndObject();
        if (d.LimitActions is not null && (d.Outcome == DecisionOutcome.Limit || d.WouldBe == DecisionOutcome.Limit))
        {
            w.WriteStartArray("obligations");
            w.WriteStartObject();
            w.WriteString("type", "limit");
            w.WriteStartArray("actions");
            foreach (string action in d.LimitActions)
            {
                w.WriteStringValue(action);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
        }
    }

    private static void WriteRisk(Utf8JsonWriter w, in RiskAssessment a)
    {
        w.WriteStartObject("risk");
        w.WriteNumber("score", a.Score);
        w.WriteString("level", LevelText(a.Level));
        w.WriteNumber("identity_risk", Math.Round(a.IdentityRisk, 3));
        w.WriteStartArray("reasons");
        int n = Math.Min(a.FactorCount, MaxReasons);
        for (int i = 0; i < n; i++)
        {
            var f = a.Factor(i);
            w.WriteStartObject();
            w.WriteString("code", f.CodeText);
            w.WriteString("detail", f.Describe());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string AdminReason(EvaluationResult r)
    {
        var a = r.Assessment;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{OutcomeText(r.Decision.WouldBe)} at risk {a.Score} ({LevelText(a.Level)})");
        if (r.Decision.Mode == RolloutMode.Monitor && r.Decision.WouldBe != r.Decision.Outcome)
        {
            text.Append(" (monitor mode: permitted)");
        }

        for (int i = 0; i < Math.Min(a.FactorCount, 3); i++)
        {
            var f = a.Factor(i);
            text.Append(i == 0 ? ": " : "; ").Append(f.CodeText);
        }

        return text.ToString();
    }

    private static string UserReason(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.StepUp => "Please sign in again to confirm it is you.",
        DecisionOutcome.Limit => "Access is limited for this request.",
        _ => "Access was refused. Contact your administrator if you think this is wrong.",
    };
}
