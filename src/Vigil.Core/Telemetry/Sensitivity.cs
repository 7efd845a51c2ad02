namespace Vigil.Core.Telemetry;

/// <summary>How much harm misuse of a resource does; decides how much risk is tolerated before a step-up or deny.</summary>
public enum Sensitivity : byte
{
    /// <summary>Not stated: treated as <see cref="Medium"/>.</summary>
    Unspecified,
    /// <summary>Public or low-value data.</summary>
    Low,
    /// <summary>Ordinary internal data.</summary>
    Medium,
    /// <summary>Confidential data, production systems.</summary>
    High,
    /// <summary>Admin consoles, secrets, regulated data.</summary>
    Critical,
}
