using Vigil.Core.Baselines;
using Vigil.Core.Detection;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Supervised;

/// <summary>
/// The supervised family's fixed feature vector: what the other detectors said about the event (each reason's
/// strength), the event and its enrichment, and how familiar its network and client are to the identity. Zero is the
/// neutral value of every feature (absent reason, unknown posture, no history), which is what a feature's
/// contribution is measured against. The layout is versioned by <see cref="SchemaVersion"/>: a model trained on another
/// layout is refused at load, never silently misread.
/// </summary>
internal static class SupervisedFeatures
{
    /// <summary>Bumped whenever the meaning or order of a feature changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The reasons whose strengths are features, in feature order (never reorder: append and bump the schema).</summary>
    private static readonly ReasonCode[] Reasons =
    [
        ReasonCode.UnfamiliarSignInProperties, ReasonCode.ImpossibleTravel, ReasonCode.UnusualHour, ReasonCode.MultivariateOutlier,
        ReasonCode.BruteForce, ReasonCode.CredentialStuffing, ReasonCode.PasswordSpray, ReasonCode.MfaFatigue,
        ReasonCode.AnonymousSource, ReasonCode.HostingSource, ReasonCode.KnownBadSource, ReasonCode.FailingSource, ReasonCode.ScriptedClient,
        ReasonCode.NonCompliantDevice, ReasonCode.UnmanagedDevice, ReasonCode.StaleDevicePosture,
        ReasonCode.SessionReplay, ReasonCode.RevokedSessionUsed,
        ReasonCode.UnfamiliarResource, ReasonCode.UnusualVolume, ReasonCode.PrivilegeEscalation,
        ReasonCode.WorkloadNewSource, ReasonCode.WorkloadNewCredential, ReasonCode.WorkloadNewTarget, ReasonCode.RequestRateSpike, ReasonCode.AgentForRiskyUser,
        ReasonCode.GraphEdgeBurst, ReasonCode.GraphSourceBurst, ReasonCode.GraphDestinationBurst,
        ReasonCode.IdentityAtRisk, ReasonCode.ConfirmedCompromised, ReasonCode.UserReportedSuspicious,
    ];

    public static readonly int ReasonCount = Reasons.Length;

    // The features after the reasons, in order.
    public static readonly int LikelihoodLog = ReasonCount;
    public static readonly int Kind = ReasonCount + 1;
    public static readonly int Failed = ReasonCount + 2;
    public static readonly int IdentityKindIndex = ReasonCount + 3;
    public static readonly int Hosting = ReasonCount + 4;
    public static readonly int Anonymiser = ReasonCount + 5;
    public static readonly int KnownBad = ReasonCount + 6;
    public static readonly int CorporateEgress = ReasonCount + 7;
    public static readonly int DeviceManaged = ReasonCount + 8;
    public static readonly int DeviceCompliant = ReasonCount + 9;
    public static readonly int Scripted = ReasonCount + 10;
    public static readonly int SensitivityIndex = ReasonCount + 11;
    public static readonly int Mfa = ReasonCount + 12;
    public static readonly int BytesLog = ReasonCount + 13;
    public static readonly int CountryNovelty = ReasonCount + 14;
    public static readonly int AsnNovelty = ReasonCount + 15;
    public static readonly int PrefixNovelty = ReasonCount + 16;
    public static readonly int OsNovelty = ReasonCount + 17;
    public static readonly int BrowserNovelty = ReasonCount + 18;
    public static readonly int DeviceNovelty = ReasonCount + 19;
    public static readonly int HistoryLog = ReasonCount + 20;
    public static readonly int OnBehalfOfRisk = ReasonCount + 21;

    /// <summary>Features in the vector.</summary>
    public static readonly int Count = ReasonCount + 22;

    private static readonly sbyte[] ReasonIndex = BuildReasonIndex();

    private static readonly string[] Names = BuildNames();

    private static readonly string[] Phrases = BuildPhrases();

    /// <summary>A short stable name of feature <paramref name="index"/> (reports, training files).</summary>
    public static string Name(int index) => (uint)index < (uint)Names.Length ? Names[index] : "unknown";

    /// <summary>
    /// What feature <paramref name="index"/> means for a person when it raised the model's probability, phrased for
    /// an explanation ("the source is a hosting provider").
    /// </summary>
    public static string Phrase(int index) => (uint)index < (uint)Phrases.Length ? Phrases[index] : "an unusual property";

    /// <summary>
    /// Whether feature <paramref name="index"/> at <paramref name="value"/> is evidence a person can act on. Context
    /// (the kind of event or identity, how much history) shapes the model but explains nothing on its own; device
    /// posture explains only when it is bad.
    /// </summary>
    public static bool Explains(int index, float value)
    {
        if (index == Kind || index == IdentityKindIndex || index == HistoryLog || index == CorporateEgress || index == SensitivityIndex || index == Mfa)
        {
            return false;
        }

        return index == DeviceManaged || index == DeviceCompliant ? value < 0 : value > 0;
    }

    /// <summary>
    /// Writes the vector of <paramref name="c"/>'s event into <paramref name="x"/> (length <see cref="Count"/>).
    /// Called with the identity's lock held, after every other detector ran; reads only the identity's own profile.
    /// </summary>
    public static void Fill(in DetectionContext c, in FactorList factors, Span<float> x)
    {
        x[..Count].Clear();
        for (int i = 0; i < factors.Count; i++)
        {
            var f = factors[i];
            int code = (int)f.Code;
            if ((uint)code < (uint)ReasonIndex.Length && ReasonIndex[code] >= 0)
            {
                x[ReasonIndex[code]] = Math.Max(x[ReasonIndex[code]], f.Strength);
            }

            if (f.Code == ReasonCode.UnfamiliarSignInProperties)
            {
                x[LikelihoodLog] = (float)f.Value2;
            }
        }

        ref readonly var e = ref c.Event;
        x[Kind] = (float)e.Kind;
        x[Failed] = e.Outcome == EventOutcome.Failure ? 1f : 0f;
        x[IdentityKindIndex] = (float)e.IdentityKind;
        var categories = e.SourceCategories;
        x[Hosting] = (categories & IpCategory.Hosting) != 0 ? 1f : 0f;
        x[Anonymiser] = (categories & IpCategory.Anonymizer) != 0 ? 1f : 0f;
        x[KnownBad] = (categories & IpCategory.KnownBad) != 0 ? 1f : 0f;
        x[CorporateEgress] = (categories & IpCategory.CorporateEgress) != 0 ? 1f : 0f;
        x[DeviceManaged] = Tri(e.DeviceManaged);
        x[DeviceCompliant] = Tri(e.DeviceCompliant);
        x[Scripted] = e.IsScriptedClient ? 1f : 0f;
        x[SensitivityIndex] = (float)e.Sensitivity;
        x[Mfa] = (float)e.MfaResult;
        x[BytesLog] = e.BytesOut > 0 ? (float)Math.Log10(1.0 + e.BytesOut) : 0f;
        x[OnBehalfOfRisk] = c.OnBehalfOfRisk;

        var profile = c.Identity.Profile;
        x[CountryNovelty] = Novelty(c, profile, Feature.Country);
        x[AsnNovelty] = Novelty(c, profile, Feature.Asn);
        x[PrefixNovelty] = Novelty(c, profile, Feature.IpPrefix);
        x[OsNovelty] = Novelty(c, profile, Feature.OperatingSystem);
        x[BrowserNovelty] = Novelty(c, profile, Feature.Browser);
        x[DeviceNovelty] = Novelty(c, profile, Feature.Device);
        double history = profile.History(Feature.Country);
        x[HistoryLog] = history > 0 ? (float)Math.Log10(1.0 + history) : 0f;
    }

    // Known and true: 1; known and false: -1; unknown: 0 (neutral).
    private static float Tri(bool? value) => value switch
    {
        true => 1f,
        false => -1f,
        null => 0f,
    };

    /// <summary>1 - the identity's (decayed) share of this value: 1 for a value never used, 0 for the only one used; 0 without history (neutral: cold start is not evidence).</summary>
    private static float Novelty(in DetectionContext c, BehaviourProfile profile, Feature feature)
    {
        ulong key = c.Features.Of(feature);
        if (key == 0)
        {
            return 0f;
        }

        double count = profile[feature].Count(key, c.Now, out double total);
        return total < 1.0 ? 0f : (float)(1.0 - Math.Clamp(count / total, 0.0, 1.0));
    }

    private static sbyte[] BuildReasonIndex()
    {
        var index = new sbyte[2048];
        Array.Fill(index, (sbyte)-1);
        for (int i = 0; i < Reasons.Length; i++)
        {
            index[(int)Reasons[i]] = (sbyte)i;
        }

        return index;
    }

    private static string[] BuildNames()
    {
        var names = new string[Count];
        for (int i = 0; i < ReasonCount; i++)
        {
            names[i] = ReasonCatalog.CodeText(Reasons[i]);
        }

        string[] rest =
        [
            "likelihood_log10", "event_kind", "failed", "identity_kind", "hosting", "anonymiser", "known_bad", "corporate_egress",
            "device_managed", "device_compliant", "scripted", "sensitivity", "mfa_result", "bytes_log10",
            "country_novelty", "asn_novelty", "prefix_novelty", "os_novelty", "browser_novelty", "device_novelty", "history_log10", "on_behalf_of_risk",
        ];
        rest.CopyTo(names, ReasonCount);
        return names;
    }

    private static string[] BuildPhrases()
    {
        var phrases = new string[Count];
        for (int i = 0; i < ReasonCount; i++)
        {
            phrases[i] = ReasonPhrase(Reasons[i]);
        }

        string[] rest =
        [
            "sign-in properties far more typical of an outsider than of this identity",
            "the kind of event",
            "a failed attempt",
            "the kind of identity",
            "a source at a hosting provider",
            "a source behind an anonymiser (VPN exit, Tor or proxy)",
            "a source on a threat-intelligence list",
            "whether the source is the corporate egress",
            "a device the organisation does not manage",
            "the device's compliance",
            "a scripted client",
            "the sensitivity of the resource",
            "the MFA result",
            "the amount of data sent out",
            "a country the identity rarely or never used",
            "a network provider (ASN) the identity rarely or never used",
            "an IP address range the identity rarely or never used",
            "an operating system the identity rarely or never used",
            "a browser the identity rarely or never used",
            "a device the identity rarely or never used",
            "how much history the identity has",
            "the risk of the person the agent acts for",
        ];
        rest.CopyTo(phrases, ReasonCount);
        return phrases;
    }

    private static string ReasonPhrase(ReasonCode code) => code switch
    {
        ReasonCode.UnfamiliarSignInProperties => "unfamiliar sign-in properties",
        ReasonCode.ImpossibleTravel => "impossible travel",
        ReasonCode.UnusualHour => "an hour the identity is rarely active",
        ReasonCode.MultivariateOutlier => "a combination of time, volume and novelty unlike anything seen",
        ReasonCode.BruteForce => "many failed sign-ins on the account",
        ReasonCode.CredentialStuffing => "a source trying many accounts",
        ReasonCode.PasswordSpray => "a source spraying passwords across accounts",
        ReasonCode.MfaFatigue => "a burst of denied MFA prompts",
        ReasonCode.AnonymousSource => "an anonymising source",
        ReasonCode.HostingSource => "a hosting-provider source",
        ReasonCode.KnownBadSource => "a source on a threat-intelligence list",
        ReasonCode.FailingSource => "a source failing across accounts",
        ReasonCode.ScriptedClient => "a scripted client",
        ReasonCode.NonCompliantDevice => "a non-compliant device",
        ReasonCode.UnmanagedDevice => "an unmanaged device",
        ReasonCode.StaleDevicePosture => "a device whose posture is stale",
        ReasonCode.SessionReplay => "a session used from a new network or device",
        ReasonCode.RevokedSessionUsed => "a revoked session used again",
        ReasonCode.UnfamiliarResource => "a resource the identity and its peers never use",
        ReasonCode.UnusualVolume => "an unusual volume of data",
        ReasonCode.PrivilegeEscalation => "a privilege used right after its grant",
        ReasonCode.WorkloadNewSource => "a workload used from a new network",
        ReasonCode.WorkloadNewCredential => "a workload using a new credential type",
        ReasonCode.WorkloadNewTarget => "a workload or agent reaching a new target",
        ReasonCode.RequestRateSpike => "a request-rate spike",
        ReasonCode.AgentForRiskyUser => "an agent acting for a person at risk",
        ReasonCode.GraphEdgeBurst => "a burst of accesses to one resource",
        ReasonCode.GraphSourceBurst => "a burst of accesses across resources",
        ReasonCode.GraphDestinationBurst => "a burst of accesses into a resource",
        ReasonCode.IdentityAtRisk => "recent risky activity of the identity",
        ReasonCode.ConfirmedCompromised => "an identity confirmed compromised",
        ReasonCode.UserReportedSuspicious => "activity the person reported as not theirs",
        _ => "an unusual property",
    };
}
