namespace Vigil.Storage;

/// <summary>The result of checking the decision audit log's hash chain.</summary>
/// <param name="Valid">True when every record is intact and none is missing.</param>
/// <param name="RecordsChecked">Records read.</param>
/// <param name="FirstBadSequence">The first record that was altered, or the position where records were removed; null when valid.</param>
/// <param name="Problem">What is wrong at <paramref name="FirstBadSequence"/>, in words; null when valid.</param>
public sealed record AuditVerification(bool Valid, long RecordsChecked, long? FirstBadSequence, string? Problem);
