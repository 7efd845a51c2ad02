using System.Globalization;
using Vigil.Core.Decisions;
using Vigil.Core.Engine;

namespace Vigil.Core.Scoring;

/// <summary>Codes as text and the sentence behind each; kept in step with docs/reason-codes.md.</summary>
public static class ReasonCatalog
{
    private static readonly Dictionary<ReasonCode, string> Codes =
        Enum.GetValues<ReasonCode>().ToDictionary(c => c, c => "VG" + ((int)c).ToString("D4", CultureInfo.InvariantCulture));

    /// <summary>"VG" and four digits.</summary>
    public static string CodeText(ReasonCode code) => Codes.TryGetValue(code, out var text) ? text : "VG0000";

    /// <summary>Parses "VG1002" back to the code.</summary>
    public static bool TryParse(string text, out ReasonCode code)
    {
        code = ReasonCode.None;
        return text.Length == 6 && text.StartsWith("VG", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && Enum.IsDefined((ReasonCode)n) && (code = (ReasonCode)n) != ReasonCode.None;
    }

    /// <summary>
    /// The model family that raises a code (the detector that emits it, <see cref="VigilEngine"/>). Audit records keep
    /// codes only, so this map is how the console groups a decision's reasons by family; one place, checked by a test
    /// to cover every code. External identity-provider signals (VG1904-VG1906) count as identity risk: they raise it.
    /// </summary>
    public static DetectorFamilies Family(ReasonCode code) => code switch
    {
        ReasonCode.UnfamiliarSignInProperties => DetectorFamilies.Likelihood,
        ReasonCode.ImpossibleTravel or ReasonCode.BruteForce or ReasonCode.CredentialStuffing or ReasonCode.PasswordSpray or ReasonCode.MfaFatigue => DetectorFamilies.Rules,
        ReasonCode.AnonymousSource or ReasonCode.HostingSource or ReasonCode.KnownBadSource or ReasonCode.FailingSource or ReasonCode.ScriptedClient => DetectorFamilies.Rules,
        ReasonCode.NonCompliantDevice or ReasonCode.UnmanagedDevice or ReasonCode.StaleDevicePosture or ReasonCode.SessionReplay or ReasonCode.RevokedSessionUsed => DetectorFamilies.Rules,
        ReasonCode.UnusualHour or ReasonCode.UnfamiliarResource or ReasonCode.UnusualVolume or ReasonCode.PrivilegeEscalation => DetectorFamilies.Behaviour,
        ReasonCode.WorkloadNewSource or ReasonCode.WorkloadNewCredential or ReasonCode.WorkloadNewTarget or ReasonCode.RequestRateSpike => DetectorFamilies.Behaviour,
        ReasonCode.MultivariateOutlier => DetectorFamilies.Outliers,
        ReasonCode.GraphEdgeBurst or ReasonCode.GraphSourceBurst or ReasonCode.GraphDestinationBurst or ReasonCode.GraphRiskPath or ReasonCode.GraphImplausibleLink => DetectorFamilies.Graph,
        ReasonCode.SupervisedCompromisePattern => DetectorFamilies.Supervised,
        ReasonCode.TextNovel or ReasonCode.AgentIntentMismatch => DetectorFamilies.Language,
        ReasonCode.AgentForRiskyUser or ReasonCode.IdentityAtRisk or ReasonCode.ConfirmedCompromised or ReasonCode.UserReportedSuspicious => DetectorFamilies.IdentityRisk,
        ReasonCode.ExternalRiskLevel or ReasonCode.ExternalCredentialChange or ReasonCode.ExternalAccountCompromised => DetectorFamilies.IdentityRisk,
        _ => DetectorFamilies.None, // a new code must be added above: ReasonFamilyTests fails until it is
    };

    /// <summary>A family's name as the console and docs show it; "policy" is not a detector family but names the VG20xx codes.</summary>
    public static string FamilyName(DetectorFamilies family) => family switch
    {
        DetectorFamilies.Likelihood => "likelihood",
        DetectorFamilies.Rules => "rules",
        DetectorFamilies.Behaviour => "behaviour",
        DetectorFamilies.Outliers => "outliers",
        DetectorFamilies.IdentityRisk => "identity risk",
        DetectorFamilies.Graph => "graph",
        DetectorFamilies.Supervised => "supervised",
        DetectorFamilies.Language => "language",
        _ => "other",
    };

    /// <summary>
    /// The family name of a code as text (as an audit record holds it): a detector family for a risk reason, "policy"
    /// for a VG20xx policy reason, "other" for anything else (a code from a newer version, or a forged record).
    /// </summary>
    public static string FamilyName(string codeText)
    {
        if (TryParse(codeText, out var code))
        {
            return FamilyName(Family(code));
        }

        return codeText.Length == 6 && codeText.StartsWith("VG", StringComparison.Ordinal)
            && int.TryParse(codeText.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= (int)PolicyReason.Granted && Enum.IsDefined((PolicyReason)n)
            ? "policy"
            : "other";
    }

    /// <summary>A sentence for a factor, using its evidence values.</summary>
    public static string Describe(in RiskFactor f)
    {
        var c = CultureInfo.InvariantCulture;
        return f.Code switch
        {
            ReasonCode.UnfamiliarSignInProperties => string.Format(c,
                "Sign-in properties are {0} more likely for an outsider than for this identity; least familiar: {1}.",
                f.Value1 >= 1e6 ? "over a million times" : f.Value1.ToString("N0", c) + " times", f.Text ?? "network"),
            ReasonCode.ImpossibleTravel => string.Format(c,
                "{0:0} km from the previous sign-in in {1:0.#} h ({2:0} km/h), faster than an airliner{3}.", f.Value1, f.Value2, f.Value2 > 0 ? f.Value1 / f.Value2 : f.Value1, f.Text is null ? "" : " (from " + f.Text + ")"),
            ReasonCode.UnusualHour => string.Format(c,
                "Activity at an hour this identity is rarely active ({0:0.0}% of its history falls in this hour of the week).", f.Value1 * 100),
            ReasonCode.MultivariateOutlier => string.Format(c,
                "The combination of time, volume, rate and novelty is unlike anything seen in this tenant (outlier score {0:0.00}).", f.Value1),
            ReasonCode.BruteForce => string.Format(c,
                "{0:0} failed sign-ins against this account in the last {1:0} minutes.", f.Value1, f.Value2),
            ReasonCode.CredentialStuffing => string.Format(c,
                "The source tried {0:0} different accounts in the last {1:0} minutes, mostly failing.", f.Value1, f.Value2),
            ReasonCode.PasswordSpray => string.Format(c,
                "The source failed sign-ins on {0:0} different accounts in the last {1:0} minutes, a few attempts each.", f.Value1, f.Value2),
            ReasonCode.MfaFatigue => f.Text == "approved"
                ? string.Format(c, "MFA approved right after {0:0} denied or unanswered prompts: possible push fatigue.", f.Value1)
                : string.Format(c, "{0:0} MFA prompts denied or unanswered in the last {1:0} minutes.", f.Value1, f.Value2),
            ReasonCode.AnonymousSource => "The source address belongs to an anonymiser (VPN exit, Tor or proxy).",
            ReasonCode.HostingSource => "The source address belongs to a hosting provider, where people rarely sign in from.",
            ReasonCode.KnownBadSource => "The source address is on a threat-intelligence list.",
            ReasonCode.FailingSource => string.Format(c,
                "{0:0} of the last {1:0} sign-ins from this source failed.", f.Value1, f.Value2),
            ReasonCode.ScriptedClient => string.Format(c, "The client is a script or automation tool ({0}).", f.Text ?? "unknown"),
            ReasonCode.NonCompliantDevice => "The device failed its last compliance check.",
            ReasonCode.UnmanagedDevice => "The device is not managed by the organisation.",
            ReasonCode.StaleDevicePosture => string.Format(c, "The device last reported its posture {0:0} days ago.", f.Value1),
            ReasonCode.SessionReplay => string.Format(c,
                "The session started from another {0} {1:0} minutes ago and is now used from a new one.", f.Text ?? "network", f.Value1),
            ReasonCode.RevokedSessionUsed => "A session revoked after the identity was confirmed compromised was used again.",
            ReasonCode.UnfamiliarResource => string.Format(c,
                "{0} was never used by this identity{1}.", f.Text ?? "The resource", f.Value1 > 0 ? " (its peers use it rarely)" : " or its peers"),
            ReasonCode.UnusualVolume => string.Format(c,
                "{0:0.#} MB in the last hour, {1:0.#}x the usual for this identity and its peers.", f.Value1 / 1e6, f.Value2),
            ReasonCode.PrivilegeEscalation => string.Format(c,
                "A privilege granted {0:0.#} h ago is already used on a {1} resource.", f.Value1, f.Text ?? "sensitive"),
            ReasonCode.WorkloadNewSource => string.Format(c, "The workload is used from a network it never used ({0}).", f.Text ?? "new network"),
            ReasonCode.WorkloadNewCredential => string.Format(c, "The workload authenticated with a credential type it never used ({0}).", f.Text ?? "unknown"),
            ReasonCode.WorkloadNewTarget => string.Format(c, "{0} was never called by this {1} before.", f.Text ?? "The target", f.Value1 > 0 ? "agent" : "workload"),
            ReasonCode.RequestRateSpike => string.Format(c,
                "{0:0} requests in the last minute, {1:0.#} standard deviations above this identity's usual rate.", f.Value1, f.Value2),
            ReasonCode.AgentForRiskyUser => string.Format(c, "The agent acts for {0}, whose identity risk is {1:0}.", f.Text ?? "a person", f.Value1 * 100),
            ReasonCode.GraphEdgeBurst => string.Format(c,
                "A burst of accesses from this identity to {0}: {1:0.#} in the last few minutes (decayed) against {2:0.###} per minute on average.", f.Text ?? "one resource", f.Value1, f.Value2),
            ReasonCode.GraphSourceBurst => string.Format(c,
                "This identity suddenly reaches far more than usual: {0:0.#} accesses across resources in the last few minutes (decayed) against {1:0.###} per minute on average.", f.Value1, f.Value2),
            ReasonCode.GraphDestinationBurst => string.Format(c,
                "Accesses into {0} from across identities burst: {1:0.#} in the last few minutes (decayed) against {2:0.###} per minute on average.", f.Text ?? "this resource", f.Value1, f.Value2),
            ReasonCode.GraphRiskPath => string.Format(c,
                "Along a path from a risky identity: {0}, reached {1:0} min after the risky event at its start, {2:0} hop(s) away.", f.Text ?? "a tainted node", f.Value1, f.Value2),
            ReasonCode.GraphImplausibleLink => f.Value1 > 0
                ? string.Format(c, "First access to {0} ({1:0} other identities do): a link outside this identity's neighbourhood.", f.Text ?? "a resource", f.Value1)
                : string.Format(c, "First access to {0}: a link outside this identity's neighbourhood.", f.Text ?? "a resource nobody reached before"),
            ReasonCode.SupervisedCompromisePattern => string.Format(c,
                "Resembles confirmed compromises: the model trained on labelled attacks rates it {0:0}% likely to be one{1}.", f.Value1 * 100,
                Supervised.SupervisedStage.UnpackTop(f.Value2).Any() ? ", mostly for " + string.Join(", ", Supervised.SupervisedStage.UnpackTop(f.Value2).Select(Supervised.SupervisedFeatures.Phrase)) : ""),
            ReasonCode.TextNovel => string.Format(c,
                "'{0}' is unlike anything this identity uses (similarity {1:0.00} to its own texts, {2:0.00} to its peers').", Quote(f.Text), f.Value1, f.Value2),
            ReasonCode.AgentIntentMismatch => string.Format(c,
                "The agent's call '{0}' does not fit its task (similarity {1:0.00}){2}.", Quote(f.Text), f.Value1,
                f.Value2 >= 1 && f.Value2 <= Language.RiskyIntents.Phrases.Length ? "; it reads like: " + Language.RiskyIntents.Phrases[(int)f.Value2 - 1] : ""),
            ReasonCode.IdentityAtRisk => string.Format(c, "Recent risky activity raised this identity's risk to {0:0}.", f.Value1 * 100),
            ReasonCode.ConfirmedCompromised => "An administrator confirmed this identity compromised.",
            ReasonCode.UserReportedSuspicious => "The person reported recent activity as not theirs.",
            ReasonCode.ExternalRiskLevel => string.Format(c, "The identity provider {0} reports this identity's risk as {1}.", Quote(f.Text), f.Value1 >= 1 ? "high" : "medium"),
            ReasonCode.ExternalCredentialChange => string.Format(c, "The identity provider {0} reports that this identity's credentials changed {1:0.#} hours ago.", Quote(f.Text), f.Value1),
            ReasonCode.ExternalAccountCompromised => string.Format(c, "The identity provider {0} reports this account disabled, purged or its credentials compromised.", Quote(f.Text)),
            _ => "No reason.",
        };
    }

    /// <summary>Free text an attacker may control, shortened for a sentence: at most 120 characters, control characters dropped.</summary>
    private static string Quote(string? text)
    {
        if (text is null)
        {
            return "the text";
        }

        var cut = text.Length > 120 ? text[..120] + "..." : text;
        return string.Create(cut.Length, cut, static (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? ' ' : s[i];
            }
        });
    }
}
