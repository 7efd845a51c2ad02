namespace Vigil.Storage;

/// <summary>One decision record to append to the audit log.</summary>
/// <param name="DecisionId">The id returned to the caller (for feedback).</param>
/// <param name="Subject">The subject id, for the identity view.</param>
/// <param name="TimeMs">Decision time, Unix ms.</param>
/// <param name="Record">The canonical record bytes (UTF-8 JSON written by the server in a fixed field order); the hash covers exactly these bytes.</param>
public readonly record struct AuditAppend(string DecisionId, string? Subject, long TimeMs, ReadOnlyMemory<byte> Record);
