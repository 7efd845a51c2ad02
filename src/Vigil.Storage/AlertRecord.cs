namespace Vigil.Storage;

/// <summary>One stored alert.</summary>
/// <param name="Id">Its id (grows with insertion).</param>
/// <param name="Tenant">The tenant.</param>
/// <param name="Identity">The identity.</param>
/// <param name="EventId">The event's id, when it had one.</param>
/// <param name="DecisionId">The decision's id, for an evaluation.</param>
/// <param name="Source">ingest or decision.</param>
/// <param name="TimeMs">The event's time, Unix ms.</param>
/// <param name="Score">The risk score, 0..100.</param>
/// <param name="Level">low, medium, high or critical.</param>
/// <param name="Reasons">The reason codes as a JSON array of strings.</param>
/// <param name="IncidentId">The incident it belongs to.</param>
/// <param name="Status">open, confirmed_safe, confirmed_compromised or dismissed.</param>
/// <param name="ActedBy">Who acted on it last, or null.</param>
/// <param name="ActedMs">When, Unix ms, or null.</param>
/// <param name="Features">The event's feature hashes (see <see cref="AlertInsert.Features"/>).</param>
public sealed record AlertRecord(long Id, string Tenant, string Identity, string? EventId, string? DecisionId, string Source, long TimeMs, int Score, string Level,
    string Reasons, long IncidentId, string Status, string? ActedBy, long? ActedMs, byte[] Features);
