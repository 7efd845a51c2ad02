using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// How an observed request's journal entry is kept in the journal's staging ring (<c>journal.ring</c>, an
/// <see cref="AuditRing"/> of its own) between its answer and its journal commit. The ring's slot holds a decision
/// id, a subject, a time and bytes; here they carry the entry's event id, subject, whether it has an event id, and
/// its ECS payload. The kind (an event) and the source (an evaluation) are the same for every staged entry.
/// </summary>
internal static class ObservedStaging
{
    /// <summary>The ring's file name in the data directory.</summary>
    public const string FileName = "journal.ring";

    /// <summary>8 MiB: about 10,000 observed requests of typical size, far more than the committer ever lags behind.</summary>
    public const int Capacity = 8 * 1024 * 1024;

    public static AuditAppend ToSlot(in JournalAppend entry) =>
        new(entry.EventId ?? "", entry.Subject, entry.EventId is null ? 0 : 1, entry.Payload);

    public static JournalAppend FromSlot(in AuditAppend slot) =>
        new(JournalKind.Event, slot.TimeMs == 0 ? null : slot.DecisionId, slot.Subject, slot.Record, JournalSource.Evaluation);
}
