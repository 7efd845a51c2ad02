using Microsoft.Extensions.Logging;

namespace Vigil.Server.Operations;

/// <summary>The service's log messages: stable event ids, no tokens, keys or personal data (subjects appear only at Debug).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Recovered engine: checkpoint at journal sequence {CheckpointSequence}, replayed {Replayed} entries up to {Head}.")]
    public static partial void Recovered(ILogger logger, long checkpointSequence, long replayed, long head);

    [LoggerMessage(1002, LogLevel.Warning, "The stored checkpoint could not be read ({Reason}); replaying the whole journal.")]
    public static partial void CheckpointUnreadable(ILogger logger, string reason);

    [LoggerMessage(1003, LogLevel.Information, "Checkpoint saved at journal sequence {Sequence} ({Bytes} bytes).")]
    public static partial void CheckpointSaved(ILogger logger, long sequence, long bytes);

    [LoggerMessage(1004, LogLevel.Error, "Journal entry {Sequence} could not be applied; it is skipped.")]
    public static partial void ApplyFailed(ILogger logger, long sequence, Exception exception);

    [LoggerMessage(1005, LogLevel.Error, "Writing decision records to the audit log failed.")]
    public static partial void AuditFailed(ILogger logger, Exception exception);

    [LoggerMessage(1006, LogLevel.Warning, "Ingestion refused: {Pending} journaled entries are waiting for the engine (limit {Limit}).")]
    public static partial void Overloaded(ILogger logger, long pending, int limit);

    [LoggerMessage(1040, LogLevel.Warning, "Memory pressure: the managed heap holds {HeapBytes} bytes, above the limit of {LimitBytes} (--memory-limit-mb); ingestion answers 429 until it falls.")]
    public static partial void MemoryPressure(ILogger logger, long heapBytes, long limitBytes);

    [LoggerMessage(1041, LogLevel.Warning, "The event at journal sequence {Sequence} was assessed, not learned: its tenant does not exist and its source may not create it, or Engine.MaxTenants is reached.")]
    public static partial void TenantNotLearned(ILogger logger, long sequence);

    [LoggerMessage(1007, LogLevel.Information, "Policy version {Version} is in force.")]
    public static partial void PolicyActivated(ILogger logger, long version);

    [LoggerMessage(1008, LogLevel.Warning, "Generated the first admin API key '{KeyId}' (printed once on standard output).")]
    public static partial void AdminKeyGenerated(ILogger logger, string keyId);

    [LoggerMessage(1009, LogLevel.Information, "Authentication failed: {Reason}.")]
    public static partial void AuthenticationFailed(ILogger logger, string reason);

    [LoggerMessage(1010, LogLevel.Information, "Audit head {Anchor} (record an anchor outside this host; 'vigil audit verify --anchor {Anchor}' checks the log against it).")]
    public static partial void AuditHead(ILogger logger, string anchor);

    [LoggerMessage(1011, LogLevel.Warning, "Recovered {Count} decision records from the audit ring that were answered before the process stopped and not yet in the database.")]
    public static partial void AuditRecovered(ILogger logger, int count);

    [LoggerMessage(1017, LogLevel.Warning, "Journaled {Count} observed requests from the journal ring that were answered before the process stopped and not yet in the journal.")]
    public static partial void ObservedRecovered(ILogger logger, int count);

    [LoggerMessage(1018, LogLevel.Error, "Could not journal {Count} observed requests that were already answered; they stay in the journal ring and are tried again.")]
    public static partial void ObservedCommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1012, LogLevel.Warning, "The periodic WAL checkpoint or audit index pass failed; it is tried again at the next tick.")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(1013, LogLevel.Error, "Stopped before the audit ring was drained ({Bytes} bytes left): the database did not take the records; they are recovered at the next start.")]
    public static partial void AuditDrainUnfinished(ILogger logger, long bytes);

    [LoggerMessage(1014, LogLevel.Error, "The engine checkpoint at journal sequence {Sequence} could not be written; the service goes on and tries again after the next interval (a restart replays the journal since the last checkpoint).")]
    public static partial void CheckpointWriteFailed(ILogger logger, long sequence, Exception exception);

    [LoggerMessage(1015, LogLevel.Critical, "The engine writer stopped: nothing more is learned and the service reports not ready; journaled entries are applied at the next start. Restart the service.")]
    public static partial void WriterStopped(ILogger logger, Exception exception);

    [LoggerMessage(1016, LogLevel.Information, "Evicted {Count} idle identities to storage before the next checkpoint (a tenant was a tenth over --max-identities-per-tenant) at journal sequence {Sequence}.")]
    public static partial void EvictedBetweenCheckpoints(ILogger logger, int count, long sequence);

    [LoggerMessage(1030, LogLevel.Warning, "Could not append the audit anchor to '{Path}'; it is in this log and is tried again at the next anchor.")]
    public static partial void AuditAnchorFileFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(1031, LogLevel.Warning, "Could not POST the audit anchor to {Url}: {Reason}; it is in this log and is tried again at the next anchor.")]
    public static partial void AuditAnchorPostFailed(ILogger logger, string url, string reason);

    [LoggerMessage(1032, LogLevel.Error, "The audit log does not match the anchor {Anchor} recorded in '{Path}': {Problem}. Run 'vigil audit verify'.")]
    public static partial void AuditAnchorMismatch(ILogger logger, string anchor, string path, string problem);

    [LoggerMessage(1033, LogLevel.Error, "A decision record failed verification and was refused: {Problem} Run 'vigil audit verify'.")]
    public static partial void AuditRecordRefused(ILogger logger, string problem);
}
