namespace Vigil.Server.SharedSignals;

/// <summary>An identity's CAEP risk level changed (CAEP 1.0 section 3.8): who, from and to which level, and why.</summary>
internal sealed record RiskLevelChange(string Identity, string? Tenant, string Previous, string Current, string? ReasonCode, string? ReasonText, long TimeMs);
