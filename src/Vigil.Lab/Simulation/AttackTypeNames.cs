using System.Diagnostics.CodeAnalysis;

namespace Vigil.Lab.Simulation;

/// <summary>The stable snake_case labels of <see cref="AttackType"/> used in <c>labels.attack_type</c>.</summary>
public static class AttackTypeNames
{
    private static readonly string[] Names =
    [
        "credential_stuffing", "password_spray", "brute_force", "account_takeover", "session_hijack",
        "mfa_fatigue", "impossible_travel", "insider_exfiltration", "lateral_movement",
        "privilege_escalation", "workload_key_leak", "agent_hijack", "low_and_slow_takeover",
    ];

    /// <summary>Every attack type, in declaration order.</summary>
    public static IReadOnlyList<AttackType> All { get; } = Enum.GetValues<AttackType>();

    /// <summary>The label of an attack type, e.g. <c>credential_stuffing</c>.</summary>
    public static string ToLabel(AttackType type) => Names[(int)type];

    /// <summary>Parses a label such as <c>password_spray</c> (ordinal, case-insensitive).</summary>
    public static bool TryParse(string? label, [NotNullWhen(true)] out AttackType? type)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], label, StringComparison.OrdinalIgnoreCase))
            {
                type = (AttackType)i;
                return true;
            }
        }

        type = null;
        return false;
    }
}
