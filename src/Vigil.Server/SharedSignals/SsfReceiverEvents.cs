namespace Vigil.Server.SharedSignals;

/// <summary>The event types the receiver acts on (docs/ssf.md), requested when an administrator names none.</summary>
internal static class SsfReceiverEvents
{
    public static readonly string[] Applied =
    [
        SsfEventTypes.SessionRevoked, SsfEventTypes.RiskLevelChange, SsfEventTypes.DeviceComplianceChange,
        "https://schemas.openid.net/secevent/caep/event-type/credential-change",
        SsfEventTypes.CredentialCompromise,
        "https://schemas.openid.net/secevent/risc/event-type/account-disabled",
        "https://schemas.openid.net/secevent/risc/event-type/account-enabled",
        "https://schemas.openid.net/secevent/risc/event-type/account-purged",
        "https://schemas.openid.net/secevent/risc/event-type/account-credential-change-required",
        "https://schemas.openid.net/secevent/risc/event-type/recovery-activated",
        "https://schemas.openid.net/secevent/risc/event-type/recovery-information-changed",
        "https://schemas.openid.net/secevent/risc/event-type/identifier-changed",
        "https://schemas.openid.net/secevent/risc/event-type/identifier-recycled",
    ];
}
