namespace Vigil.Storage;

/// <summary>One alert to store (<see cref="VigilStore.AppendAlerts"/>).</summary>
/// <param name="Key">What makes it unique: <c>j:SEQ</c> for a journaled event, <c>d:ID</c> for a decision. A second insert with the same key is ignored, so a replayed event is not alerted twice.</param>
/// <param name="Tenant">The tenant (the default tenant's name when the event named none).</param>
/// <param name="Identity">The identity the event was about.</param>
/// <param name="EventId">The event's id, when it had one.</param>
/// <param name="DecisionId">The decision's id, for an evaluation.</param>
/// <param name="Source">ingest or decision.</param>
/// <param name="TimeMs">The event's time, Unix ms.</param>
/// <param name="Score">The risk score, 0..100.</param>
/// <param name="Level">low, medium, high or critical.</param>
/// <param name="Reasons">The reason codes, strongest first, as a JSON array of strings.</param>
/// <param name="Features">The event's feature hashes (what confirm_safe teaches), 8 bytes each, little-endian; may be empty.</param>
public sealed record AlertInsert(string Key, string Tenant, string Identity, string? EventId, string? DecisionId, string Source, long TimeMs, int Score, string Level, string Reasons, byte[] Features);
