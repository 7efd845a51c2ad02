namespace Vigil.Storage;

/// <summary>An identity's risk band crossing to keep for the SIEM exports (docs/connectors.md, "SIEM export").</summary>
/// <param name="Tenant">The tenant, or empty for the default one.</param>
/// <param name="Identity">The identity.</param>
/// <param name="Previous">The band before: LOW, MEDIUM or HIGH (CAEP's levels).</param>
/// <param name="Current">The band after.</param>
/// <param name="ReasonCode">The reason code that contributed most, or null.</param>
/// <param name="TimeMs">The time of the event that moved it, Unix ms.</param>
public sealed record RiskChangeInsert(string Tenant, string Identity, string Previous, string Current, string? ReasonCode, long TimeMs);
