namespace Vigil.Storage;

/// <summary>One stored risk band crossing (see <see cref="RiskChangeInsert"/>).</summary>
/// <param name="Id">Its id (grows with insertion; the exports' cursor).</param>
/// <param name="Tenant">The tenant, or empty for the default one.</param>
/// <param name="Identity">The identity.</param>
/// <param name="Previous">The band before: LOW, MEDIUM or HIGH.</param>
/// <param name="Current">The band after.</param>
/// <param name="ReasonCode">The reason code that contributed most, or null.</param>
/// <param name="TimeMs">The time of the event that moved it, Unix ms.</param>
public sealed record RiskChangeRecord(long Id, string Tenant, string Identity, string Previous, string Current, string? ReasonCode, long TimeMs);
