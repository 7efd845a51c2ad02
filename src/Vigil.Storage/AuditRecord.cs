namespace Vigil.Storage;

/// <summary>One stored decision record with its place in the hash chain.</summary>
/// <param name="Sequence">Position in the audit log, from 1.</param>
/// <param name="DecisionId">The id returned to the caller.</param>
/// <param name="Subject">The subject id, when known.</param>
/// <param name="TimeMs">Decision time, Unix ms.</param>
/// <param name="Record">The canonical record bytes.</param>
/// <param name="PreviousHash">The hash of the record before (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash, the sequence and the record bytes.</param>
public sealed record AuditRecord(long Sequence, string DecisionId, string? Subject, long TimeMs, byte[] Record, byte[] PreviousHash, byte[] Hash);
