namespace Vigil.Server;

/// <summary>When a decision is answered relative to the write of its audit record (docs/server.md, "Durability").</summary>
public enum AuditDurability
{
    /// <summary>
    /// After the record is copied into the audit ring (<see cref="Storage.AuditRing"/>), a memory-mapped file: it
    /// survives a crash or kill -9 at once and is in the database within milliseconds, fsynced within
    /// <see cref="ServerOptions.AuditFsyncIntervalMs"/>. No answer waits for the disk. The default.
    /// </summary>
    Staged,

    /// <summary>After the record is committed and fsynced: survives power loss; every answer waits for an fsync (milliseconds on most disks).</summary>
    Fsynced,
}
