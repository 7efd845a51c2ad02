using System.Globalization;
using System.Runtime.CompilerServices;
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
    public static void Write(Utf8JsonWriter w, in EvaluationResult r, bool bare)
    {
        var d = r.Decision;
        w.WriteStartObject();
        w.WriteBoolean(Names.Decision, IsPermitted(d));
        if (!bare)
        {
            w.WriteStartObject(Names.Context);
            w.WriteString(Names.DecisionId, r.DecisionId);
            w.WriteString(Names.Outcome, OutcomeText(d.Outcome));
            if (d.Mode == RolloutMode.Monitor)
            {
                w.WriteString(Names.Mode, "monitor");
                w.WriteString(Names.WouldBe, OutcomeText(d.WouldBe));
            }

            if (d.Outcome == DecisionOutcome.StepUp || (d.Mode == RolloutMode.Monitor && d.WouldBe == DecisionOutcome.StepUp))
            {
                if (d.AcrValues is not null)
                {
                    w.WriteString(Names.AcrValues, d.AcrValues);
                }

                if (d.MaxAgeSeconds is int maxAge)
                {
                    w.WriteNumber(Names.MaxAge, maxAge);
                }
            }

            WritePolicy(w, d);
            if (r.Upstream is { } upstream)
            {
                AuditRecordWriter.WriteUpstream(w, in upstream);
            }

            WriteRisk(w, r.Assessment);
            w.WriteStartObject(Names.ReasonAdmin);
            WriteAdminReason(w, in r);
            w.WriteEndObject();
            if (d.Outcome != DecisionOutcome.Permit)
            {
                w.WriteStartObject(Names.ReasonUser);
                w.WriteString(Names.En, UserReason(d.Outcome));
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

        w.WriteStartObject(Names.Policy);
        w.WriteString(Names.Version, d.PolicyVersion);
        w.WriteString(Names.Reason, ReasonText(d.Reason));
        if (d.Segment is not null)
        {
            w.WriteString(Names.Segment, d.Segment);
        }

        if (d.Rule is not null)
        {
            w.WriteString(Names.Rule, d.Rule);
        }

        w.WriteEndObject();
        if (d.LimitActions is not null && (d.Outcome == DecisionOutcome.Limit || d.WouldBe == DecisionOutcome.Limit))
        {
            w.WriteStartArray(Names.Obligations);
            w.WriteStartObject();
            w.WriteString(Names.Type, "limit");
            w.WriteStartArray(Names.Actions);
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
        w.WriteStartObject(Names.Risk);
        w.WriteNumber(Names.Score, a.Score);
        w.WriteString(Names.Level, LevelText(a.Level));
        w.WriteNumber(Names.IdentityRisk, Math.Round(a.IdentityRisk, 3));
        w.WriteStartArray(Names.Reasons);
        int n = Math.Min(a.FactorCount, MaxReasons);
        for (int i = 0; i < n; i++)
        {
            var f = a.Factor(i);
            w.WriteStartObject();
            w.WriteString(Names.Code, f.CodeText);
            w.WriteString(Names.Detail, f.Describe());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The operator's one-line explanation, written straight into the answer: built in a stack buffer, so a decision's
    /// answer allocates no string for it.
    /// </summary>
    private static void WriteAdminReason(Utf8JsonWriter w, in EvaluationResult r)
    {
        var a = r.Assessment;
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendFormatted(OutcomeText(r.Decision.WouldBe));
        text.AppendLiteral(" at risk ");
        text.AppendFormatted(a.Score);
        text.AppendLiteral(" (");
        text.AppendFormatted(LevelText(a.Level));
        text.AppendLiteral(")");
        if (r.Decision.Mode == RolloutMode.Monitor && r.Decision.WouldBe != r.Decision.Outcome)
        {
            text.AppendLiteral(" (monitor mode: permitted)");
        }

        for (int i = 0; i < Math.Min(a.FactorCount, 3); i++)
        {
            text.AppendLiteral(i == 0 ? ": " : "; ");
            text.AppendFormatted(a.Factor(i).CodeText);
        }

        w.WriteString(Names.En, text.Text);
        text.Clear();
    }

    /// <summary>The reason's VG code; the codes in use are formatted once.</summary>
    private static string ReasonText(PolicyReason reason)
    {
        int i = (int)reason - FirstReasonCode;
        return (uint)i < (uint)ReasonCodes.Length ? ReasonCodes[i] : "VG" + ((int)reason).ToString(CultureInfo.InvariantCulture);
    }

    private const int FirstReasonCode = (int)PolicyReason.Granted;

    private static readonly string[] ReasonCodes =
        [.. Enumerable.Range(FirstReasonCode, (int)Enum.GetValues<PolicyReason>().Max() - FirstReasonCode + 1).Select(code => "VG" + code.ToString(CultureInfo.InvariantCulture))];

    private static string UserReason(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.StepUp => "Please sign in again to confirm it is you.",
        DecisionOutcome.Limit => "Access is limited for this request.",
        _ => "Access was refused. Contact your administrator if you think this is wrong.",
    };

    /// <summary>Property names encoded once: the writer then copies them instead of checking and transcoding each one.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText AcrValues = JsonEncodedText.Encode("acr_values");
        public static readonly JsonEncodedText Actions = JsonEncodedText.Encode("actions");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");
        public static readonly JsonEncodedText Decision = JsonEncodedText.Encode("decision");
        public static readonly JsonEncodedText DecisionId = JsonEncodedText.Encode("decision_id");
        public static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
        public static readonly JsonEncodedText En = JsonEncodedText.Encode("en");
        public static readonly JsonEncodedText IdentityRisk = JsonEncodedText.Encode("identity_risk");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText MaxAge = JsonEncodedText.Encode("max_age");
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode");
        public static readonly JsonEncodedText Obligations = JsonEncodedText.Encode("obligations");
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
        public static readonly JsonEncodedText Policy = JsonEncodedText.Encode("policy");
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
        public static readonly JsonEncodedText ReasonAdmin = JsonEncodedText.Encode("reason_admin");
        public static readonly JsonEncodedText ReasonUser = JsonEncodedText.Encode("reason_user");
        public static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
        public static readonly JsonEncodedText Risk = JsonEncodedText.Encode("risk");
        public static readonly JsonEncodedText Rule = JsonEncodedText.Encode("rule");
        public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
        public static readonly JsonEncodedText Segment = JsonEncodedText.Encode("segment");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText WouldBe = JsonEncodedText.Encode("would_be");
    }
}
