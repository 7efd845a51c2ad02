namespace Vigil.Server;

/// <summary>When a decision is answered relative to the write of its audit record (docs/server.md, "Durability").</summary>
public enum AuditDurability
{
    /// <summary>After the record is committed to the WAL: survives a crash or kill -9, fsynced within <see cref="ServerOptions.AuditFsyncIntervalMs"/>. The default.</summary>
    Committed,
    /// <summary>After the record is fsynced: survives power loss; every answer waits for an fsync (milliseconds on most disks).</summary>
    Fsynced,
    /// <summary>At once; the record is committed within milliseconds by the background writer. A crash can lose the records of the last few milliseconds' answers.</summary>
    Async,
}
