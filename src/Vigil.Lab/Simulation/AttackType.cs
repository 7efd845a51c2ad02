namespace Vigil.Lab.Simulation;

/// <summary>
/// The attack campaigns the simulator can inject. The label written to <c>labels.attack_type</c> is the
/// snake_case name (see <see cref="AttackTypeNames"/>).
/// </summary>
public enum AttackType
{
    /// <summary>Many usernames from a leaked combo list tried from a few sources at high rate.</summary>
    CredentialStuffing,

    /// <summary>One or two common passwords tried slowly across many real accounts.</summary>
    PasswordSpray,

    /// <summary>Many passwords tried against one account until it locks.</summary>
    BruteForce,

    /// <summary>A targeted takeover with a stolen password from the victim's country and browser.</summary>
    AccountTakeover,

    /// <summary>A stolen session token replayed from a new IP, ASN and device.</summary>
    SessionHijack,

    /// <summary>Repeated MFA push prompts until the victim approves one.</summary>
    MfaFatigue,

    /// <summary>A sign-in from a far country shortly after the victim's own sign-in.</summary>
    ImpossibleTravel,

    /// <summary>An employee reading and downloading far more sensitive data than usual.</summary>
    InsiderExfiltration,

    /// <summary>A compromised account touching resources its peers never use.</summary>
    LateralMovement,

    /// <summary>A role granted outside the normal process, then used for admin actions.</summary>
    PrivilegeEscalation,

    /// <summary>A workload's API key used from attacker infrastructure against new endpoints.</summary>
    WorkloadKeyLeak,

    /// <summary>An AI agent steered by prompt injection to reach unusual tools and send data out.</summary>
    AgentHijack,

    /// <summary>
    /// Low-risk probes from the attacker's infrastructure over a few days (baseline poisoning), then the takeover from
    /// the same network (issue 13). Opt-in: its default weight is 0.
    /// </summary>
    LowAndSlowTakeover,
}
