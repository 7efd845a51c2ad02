namespace Vigil.Server.SharedSignals;

/// <summary>An enforced decision required a step-up (CAEP 1.0 section 3.5): who, the session's level as known, the level required, why.</summary>
internal sealed record AssuranceLevelChange(string Identity, string? Tenant, string? CurrentAcr, string RequiredAcr, long TimeMs);
