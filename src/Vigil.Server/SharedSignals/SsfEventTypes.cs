namespace Vigil.Server.SharedSignals;

/// <summary>Event type URIs (SSF 1.0 section 8.1.4 and 8.1.5, CAEP 1.0 section 3, RISC 1.0 section 2) and the delivery method URNs.</summary>
internal static class SsfEventTypes
{
    public const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";
    public const string StreamUpdated = "https://schemas.openid.net/secevent/ssf/event-type/stream-updated";
    public const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public const string RiskLevelChange = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";
    public const string DeviceComplianceChange = "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change";
    public const string AssuranceLevelChange = "https://schemas.openid.net/secevent/caep/event-type/assurance-level-change";
    public const string CredentialCompromise = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise";

    /// <summary>RFC 8935, push delivery.</summary>
    public const string Push = "urn:ietf:rfc:8935";

    /// <summary>RFC 8936, poll delivery.</summary>
    public const string Poll = "urn:ietf:rfc:8936";

    /// <summary>The events Vigil transmits on its own account; verification and stream-updated are always delivered besides.</summary>
    public static readonly string[] Supported = [RiskLevelChange, SessionRevoked, DeviceComplianceChange, AssuranceLevelChange, CredentialCompromise];

    /// <summary>Control events: delivered while a stream is paused, and whatever the stream requested (SSF 1.0 sections 8.1.4, 8.1.5).</summary>
    public static bool IsControl(string type) => type is Verification or StreamUpdated;
}
