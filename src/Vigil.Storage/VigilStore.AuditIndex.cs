using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// The audit log's subject index (<c>audit_by_subject</c>, marked up to <c>audit_indexed</c>), brought up to date by a
/// periodic pass rather than per decision, from (subject, seq) pairs kept in memory by <see cref="AppendDecisions"/>.
/// </summary>
public sealed partial class VigilStore
{
    /// <summary>
    /// The most pairs kept waiting for a pass. At 50,000 decisions/s a pass every second holds about 50,000; two million
    /// (about 32 MB of list, the subject strings being the records' own) means passes have not run for some 40 s, and
    /// past it memory stops keeping pairs rather than grow with a stalled pass (the log still has them).
    /// </summary>
    private const int PendingSubjectsMax = 2_000_000;

    /// <summary>
    /// The (subject, seq) of every record with a subject and a seq in (<see cref="_pendingSubjectsFrom"/>,
    /// <see cref="_auditSeq"/>], in seq order: exactly what the SQL pass would read back from the log for that range.
    /// </summary>
    private readonly List<(string Subject, long Seq)> _pendingSubjects = [];
    private long _pendingSubjectsFrom;
    private (string Subject, long Seq)[] _indexBuffer = [];
    private readonly Dictionary<string, int> _indexSubjects = new(StringComparer.Ordinal);
    private AuditSubjectInsert? _auditSubjectInsert;
    private SqliteCommand? _auditIndex;
    private SqliteCommand? _auditIndexMark;
    private long? _auditIndexed;

    /// <summary>The bound on the pending pairs; tests lower it to reach the drop without millions of records.</summary>
    internal int PendingSubjectsLimit { get; set; } = PendingSubjectsMax;

    /// <summary>How many records the passes have indexed from memory rather than from the log (for tests).</summary>
    internal long AuditSubjectsIndexedFromMemory { get; private set; }

    /// <summary>
    /// Keeps the subjects of a batch that has committed (never of one that rolled back: its seqs will be reused), under
    /// the write lock. Past the bound the list is dropped whole and coverage restarts after this batch: the pairs
    /// dropped are still in the log, and the passes read them from there until they reach the new start.
    /// </summary>
    private void KeepSubjects(IReadOnlyList<AuditAppend> records, long first)
    {
        // records.Count bounds the pairs this batch adds (null subjects add none): checking it before adding keeps the
        // list's array from doubling past the bound.
        if (_pendingSubjects.Count + records.Count > PendingSubjectsLimit)
        {
            _pendingSubjects.Clear(); // keeps the array for when memory covers again, lets go of the strings
            _pendingSubjectsFrom = first + records.Count - 1;
            return;
        }

        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Subject is { } subject)
            {
                _pendingSubjects.Add((subject, first + i));
            }
        }
    }

    /// <summary>
    /// Brings the subject index up to date with the log, at most <paramref name="maxRecords"/> records per call; returns
    /// how many records it covered. The index is kept off the decision path on purpose: maintained per decision, its
    /// random inserts cost more than the rest of the audit write together (about 5 us of 10 per record at 200 subjects),
    /// while a periodic pass touches each active subject's index page once, in key order (sorted first, so consecutive
    /// inserts land on the same page). It can always be rebuilt from the log, so its transaction does not fsync.
    /// The (subject, seq) pairs come from memory, kept by <see cref="AppendDecisions"/> as its batches commit: reading
    /// them back from the just-written rows (about 430 bytes each, from the WAL) was most of a pass's cost under load.
    /// When memory does not cover the range (records appended before the store was opened, or after the pending list
    /// outgrew its bound) the pass reads the log as before; both give the same rows.
    /// </summary>
    public int IndexAuditSubjects(int maxRecords = 100_000)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long from = _auditIndexed ??= ScalarLong(_writer, "SELECT COALESCE((SELECT seq FROM audit_indexed WHERE id = 1), 0)");
            long to = Math.Min(_auditSeq, from + maxRecords);
            if (to <= from)
            {
                return 0;
            }

            // Memory covers (from, to] only when the whole range lies after its start; otherwise the whole range is read
            // from the log. Splitting a range that straddles the start would save little: it happens once after an open
            // or a drop, and a pass ending at or past the start moves the start to its end, so the next pass is covered.
            bool fromMemory = from >= _pendingSubjectsFrom;
            var pending = CollectionsMarshal.AsSpan(_pendingSubjects);
            int start = CountThrough(pending, from); // pairs at or before the mark: only if the mark was ahead of the list
            int end = start + CountThrough(pending[start..], to);
            Sync(full: false);
            using (var transaction = _writer.BeginTransaction())
            {
                if (fromMemory)
                {
                    InsertSorted(pending[start..end]);
                }
                else
                {
                    Run(_auditIndex ??= Prepared(
                        "INSERT OR IGNORE INTO audit_by_subject(subject, seq) SELECT subject, seq FROM audit WHERE seq > $a AND seq <= $b AND subject IS NOT NULL ORDER BY subject, seq",
                        ("$a", SqliteType.Integer), ("$b", SqliteType.Integer)), transaction, from, to);
                }

                Run(_auditIndexMark ??= Prepared(
                    "INSERT INTO audit_indexed(id, seq) VALUES(1, $n) ON CONFLICT(id) DO UPDATE SET seq = $n", ("$n", SqliteType.Integer)),
                    transaction, to);
                transaction.Commit();
            }

            // Only after the commit: a pass that failed leaves the list as it was, for the next pass to retry.
            _auditIndexed = to;
            _pendingSubjects.RemoveRange(0, end);
            _pendingSubjectsFrom = Math.Max(_pendingSubjectsFrom, to);
            AuditSubjectsIndexedFromMemory += fromMemory ? to - from : 0;
            return (int)(to - from);
        }
    }

    /// <summary>
    /// Inserts <paramref name="pairs"/> (in seq order) in key order, placed into a reused buffer rather than sorted in
    /// the list, so a failed transaction leaves the list in seq order for the next pass. A counting sort by subject:
    /// the pairs are already in seq order within each subject, so only the few distinct subjects need comparing (a
    /// comparison sort of every pair by string cost about 0.15 µs per decision on the checkpointer's thread).
    /// </summary>
    private void InsertSorted(ReadOnlySpan<(string Subject, long Seq)> pairs)
    {
        if (_indexBuffer.Length < pairs.Length)
        {
            _indexBuffer = new (string, long)[pairs.Length];
        }

        var next = _indexSubjects; // subject -> pairs counted, then -> where its next pair goes
        next.Clear();
        foreach (var (subject, _) in pairs)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(next, subject, out _)++;
        }

        var subjects = next.Keys.ToArray();
        // Ordinal UTF-16 order is SQLite's BINARY (UTF-8 byte) order except where surrogate pairs meet U+E000-U+FFFF;
        // the order only keeps consecutive inserts on one B-tree page, it does not decide what is inserted.
        Array.Sort(subjects, StringComparer.Ordinal);
        int offset = 0;
        foreach (string subject in subjects)
        {
            ref int slot = ref CollectionsMarshal.GetValueRefOrNullRef(next, subject);
            (slot, offset) = (offset, offset + slot);
        }

        var sorted = _indexBuffer.AsSpan(0, pairs.Length);
        foreach (var pair in pairs)
        {
            sorted[CollectionsMarshal.GetValueRefOrNullRef(next, pair.Subject)++] = pair;
        }

        next.Clear(); // lets go of the subject strings
        try
        {
            var insert = _auditSubjectInsert ??= new AuditSubjectInsert(_writer);
            foreach (var (subject, seq) in sorted)
            {
                insert.Execute(subject, seq);
            }
        }
        finally
        {
            sorted.Clear(); // the buffer outlives the pass; the subject strings need not
        }
    }

    /// <summary>How many of <paramref name="pairs"/> (in seq order) have a seq at or before <paramref name="seq"/>.</summary>
    private static int CountThrough(ReadOnlySpan<(string Subject, long Seq)> pairs, long seq)
    {
        int count = 0;
        while (count < pairs.Length && pairs[count].Seq <= seq)
        {
            count++;
        }

        return count;
    }
}
