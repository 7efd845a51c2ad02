namespace Vigil.Core.Scoring;

/// <summary>
/// Stable reason codes. The number never changes meaning once released; docs/reason-codes.md explains each one.
/// Written as <c>VG</c> + the number (VG1001).
/// </summary>
public enum ReasonCode : ushort
{
    /// <summary>No reason.</summary>
    None = 0,

    // Sign-in properties (10xx)
    /// <summary>Network, device or browser unfamiliar for the identity and its peers (Freeman et al. 2016).</summary>
    UnfamiliarSignInProperties = 1001,
    /// <summary>Travel faster than an airliner between consecutive sign-ins.</summary>
    ImpossibleTravel = 1002,
    /// <summary>Sign-in far outside the identity's hours-of-week profile.</summary>
    UnusualHour = 1003,
    /// <summary>Combination of numeric features unlike anything seen (half-space trees).</summary>
    MultivariateOutlier = 1004,

    // Credential attacks (11xx)
    /// <summary>Many failed sign-ins against one account.</summary>
    BruteForce = 1101,
    /// <summary>One source trying many accounts quickly, mostly failing.</summary>
    CredentialStuffing = 1102,
    /// <summary>One source trying few passwords across many accounts, slowly.</summary>
    PasswordSpray = 1103,
    /// <summary>Bursts of MFA prompts denied or ignored, or an approval after such a burst.</summary>
    MfaFatigue = 1104,

    // Source (12xx)
    /// <summary>Source is an anonymiser: VPN exit, Tor, proxy.</summary>
    AnonymousSource = 1201,
    /// <summary>Source is a hosting provider, where people rarely sign in from.</summary>
    HostingSource = 1202,
    /// <summary>Source is on a threat-intelligence list.</summary>
    KnownBadSource = 1203,
    /// <summary>Source has a high failure rate across accounts.</summary>
    FailingSource = 1204,
    /// <summary>Client is a script or automation library.</summary>
    ScriptedClient = 1205,

    // Device (13xx)
    /// <summary>Device reported non-compliant.</summary>
    NonCompliantDevice = 1301,
    /// <summary>Device is not managed by the organisation.</summary>
    UnmanagedDevice = 1302,
    /// <summary>Device posture last reported long ago.</summary>
    StaleDevicePosture = 1303,

    // Session (14xx)
    /// <summary>A session or token used from a new network or device mid-session.</summary>
    SessionReplay = 1401,
    /// <summary>A session revoked after confirmed compromise was used again.</summary>
    RevokedSessionUsed = 1402,

    // Access and data (15xx)
    /// <summary>Resource never used by the identity or its peers.</summary>
    UnfamiliarResource = 1501,
    /// <summary>Data volume far above the identity's and its peers' baseline.</summary>
    UnusualVolume = 1502,
    /// <summary>Newly granted privilege used soon after the grant.</summary>
    PrivilegeEscalation = 1503,

    // Workloads and agents (16xx)
    /// <summary>Workload used from a new network.</summary>
    WorkloadNewSource = 1601,
    /// <summary>Workload used with a credential type it never used.</summary>
    WorkloadNewCredential = 1602,
    /// <summary>Workload or agent touching a target it never touched.</summary>
    WorkloadNewTarget = 1603,
    /// <summary>Request rate far above the identity's baseline.</summary>
    RequestRateSpike = 1604,
    /// <summary>Agent acting on behalf of a person who is at risk.</summary>
    AgentForRiskyUser = 1605,

    // Graph of who reaches what (17xx)
    /// <summary>A burst of accesses from this identity to this resource, far above the pair's usual rate (MIDAS-R edge score).</summary>
    GraphEdgeBurst = 1701,
    /// <summary>This identity suddenly reaches far more than it does per minute, across resources (MIDAS-R source score).</summary>
    GraphSourceBurst = 1702,
    /// <summary>Accesses into this resource suddenly far above its usual rate, from across identities (MIDAS-R destination score).</summary>
    GraphDestinationBurst = 1703,
    /// <summary>The access touches what a risky identity used or reached (or is a new path after its own risky event): risk propagated along the access graph.</summary>
    GraphRiskPath = 1704,
    /// <summary>First access to a host or resource that no identity of the identity's group reaches (or nobody reached before): an implausible new link in the access graph.</summary>
    GraphImplausibleLink = 1705,

    // Learned families (18xx): supervised 180x, language 181x
    /// <summary>The event resembles confirmed compromises, by the model trained on labelled attacks (gradient-boosted trees).</summary>
    SupervisedCompromisePattern = 1801,

    /// <summary>A route, command or tool call unlike anything this identity and its peers use (sentence-embedding similarity).</summary>
    TextNovel = 1811,
    /// <summary>An AI agent's tool call does not fit the task it was given (a prompt-injected agent).</summary>
    AgentIntentMismatch = 1812,

    // Identity risk (19xx)
    /// <summary>Identity risk accumulated from recent risky activity.</summary>
    IdentityAtRisk = 1901,
    /// <summary>An administrator confirmed the identity compromised.</summary>
    ConfirmedCompromised = 1902,
    /// <summary>The person reported the activity was not theirs.</summary>
    UserReportedSuspicious = 1903,
    /// <summary>An identity provider streaming Shared Signals said the identity's risk is medium or high (CAEP risk-level-change).</summary>
    ExternalRiskLevel = 1904,
    /// <summary>An identity provider said the identity's credentials changed recently (CAEP credential-change, RISC credential-change-required, recovery, identifier changes).</summary>
    ExternalCredentialChange = 1905,
    /// <summary>An identity provider disabled or purged the account, or found its credentials compromised (RISC).</summary>
    ExternalAccountCompromised = 1906,
}
