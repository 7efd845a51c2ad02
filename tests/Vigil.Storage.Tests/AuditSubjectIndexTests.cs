using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Tests;

/// <summary>
/// The subject index pass takes its (subject, seq) pairs from memory when it can and from the log when it cannot;
/// either way the index must hold exactly what the log gives, which each test computes from <c>audit</c> itself.
/// </summary>
public sealed class AuditSubjectIndexTests
{
    // Several subjects, non-ASCII ones among them (bound as UTF-16 on both paths), and some decisions without one.
    private static readonly string?[] Subjects = ["alice", "bob", null, "zoë@例え.jp", "carol", "\U0001F600-emoji", null, "bob"];

    private static List<AuditAppend> Batch(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new AuditAppend("d-" + i, Subjects[i % Subjects.Length], 1000 + i, "{}"u8.ToArray()))];

    /// <summary>Appends <paramref name="count"/> decisions, numbered from <paramref name="from"/>, in batches of <paramref name="batch"/>.</summary>
    private static void Append(VigilStore store, int from, int count, int batch = 5)
    {
        for (int i = 0; i < count; i += batch)
        {
            store.AppendDecisions(Batch(from + i, Math.Min(batch, count - i)));
        }
    }

    private static int IndexAll(VigilStore store, int maxRecords = 100_000)
    {
        int total = 0;
        for (int n; (n = store.IndexAuditSubjects(maxRecords)) > 0;)
        {
            total += n;
        }

        return total;
    }

    private static List<(string Subject, long Seq)> Rows(string dataDir, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    private static void Execute(string dataDir, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The index must equal the log's (subject, seq) pairs, and the mark must stand at the log's end.</summary>
    private static void AssertIndexMatchesLog(string dataDir)
    {
        var expected = Rows(dataDir, "SELECT subject, seq FROM audit WHERE subject IS NOT NULL ORDER BY subject, seq");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Rows(dataDir, "SELECT subject, seq FROM audit_by_subject ORDER BY subject, seq"));
        Assert.Equal(
            Rows(dataDir, "SELECT 'mark', COALESCE(MAX(seq), 0) FROM audit"),
            Rows(dataDir, "SELECT 'mark', seq FROM audit_indexed WHERE id = 1"));
    }

    /// <summary>Every subject's decisions as <see cref="VigilStore.ReadDecisions"/> answers, one line per subject.</summary>
    private static string[] ReadAll(VigilStore store) =>
        [.. Subjects.OfType<string>().Distinct().Select(s => s + ": " + string.Join(",", store.ReadDecisions(s, 100).Select(r => r.DecisionId)))];

    [Fact]
    public void Indexing_from_memory_gives_exactly_the_rows_the_log_gives()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path);
        Append(store, 1, 40);
        var beforeIndexing = ReadAll(store); // all from the unindexed tail

        Assert.Equal(40, IndexAll(store));
        Assert.Equal(40, store.AuditSubjectsIndexedFromMemory);
        AssertIndexMatchesLog(dir.Path);
        Assert.Equal(beforeIndexing, ReadAll(store));

        Append(store, 41, 13, batch: 4);
        Assert.Equal(13, IndexAll(store));
        Assert.Equal(53, store.AuditSubjectsIndexedFromMemory);
        AssertIndexMatchesLog(dir.Path);
    }

    [Fact]
    public void A_reopened_store_indexes_what_memory_never_held_from_the_log_and_then_from_memory_again()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path))
        {
            Append(store, 1, 20);
            Assert.Equal(7, store.IndexAuditSubjects(maxRecords: 7)); // some indexed before the restart, most not
            Append(store, 21, 10);
        }

        using (var store = VigilStore.Open(dir.Path))
        {
            Append(store, 31, 10); // in memory, but after records that are not
            var beforeIndexing = ReadAll(store);
            Assert.Equal(33, IndexAll(store));
            Assert.Equal(0, store.AuditSubjectsIndexedFromMemory);
            AssertIndexMatchesLog(dir.Path);
            Assert.Equal(beforeIndexing, ReadAll(store));

            Append(store, 41, 10);
            Assert.Equal(10, IndexAll(store));
            Assert.Equal(10, store.AuditSubjectsIndexedFromMemory);
            AssertIndexMatchesLog(dir.Path);
        }

        using (var store = VigilStore.Open(dir.Path))
        {
            Append(store, 51, 10); // everything before was indexed: memory covers from the first pass on
            Assert.Equal(10, IndexAll(store));
            Assert.Equal(10, store.AuditSubjectsIndexedFromMemory);
            AssertIndexMatchesLog(dir.Path);
        }
    }

    [Fact]
    public void Passes_smaller_than_the_pending_range_together_give_the_exact_index()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path);
        Append(store, 1, 45, batch: 6);
        Assert.Equal(7, store.IndexAuditSubjects(maxRecords: 7));
        Append(store, 46, 9, batch: 3); // appends between passes land behind what is pending
        var beforeIndexing = ReadAll(store);

        Assert.Equal(47, IndexAll(store, maxRecords: 7));
        Assert.Equal(54, store.AuditSubjectsIndexedFromMemory);
        AssertIndexMatchesLog(dir.Path);
        Assert.Equal(beforeIndexing, ReadAll(store));
    }

    [Fact]
    public void A_refused_batch_leaves_no_subjects_behind_for_the_index()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path);
        Append(store, 1, 3);
        Execute(dir.Path, "INSERT INTO audit(seq, decision_id, subject, time_ms, record, prev_hash, hash) VALUES(5, 'squatter', NULL, 0, x'00', x'00', x'00')");

        // Seqs 4 and 5 for alice are refused (5 collides); the same seqs then go to a decision without a subject and to dave.
        Assert.Throws<SqliteException>(() => store.AppendDecisions(
            [new AuditAppend("r-4", "alice", 4, "{}"u8.ToArray()), new AuditAppend("r-5", "alice", 5, "{}"u8.ToArray())]));
        Execute(dir.Path, "DELETE FROM audit WHERE seq = 5");
        store.AppendDecisions([new AuditAppend("d-4", null, 4, "{}"u8.ToArray()), new AuditAppend("d-5", "dave", 5, "{}"u8.ToArray())]);

        Assert.Equal(5, IndexAll(store));
        Assert.Equal(5, store.AuditSubjectsIndexedFromMemory);
        AssertIndexMatchesLog(dir.Path);
        Assert.Empty(Rows(dir.Path, "SELECT subject, seq FROM audit_by_subject WHERE seq = 4"));
        Assert.Equal([("dave", 5L)], Rows(dir.Path, "SELECT subject, seq FROM audit_by_subject WHERE seq = 5"));
        Assert.Equal(["d-5"], store.ReadDecisions("dave").Select(r => r.DecisionId));
    }

    [Fact]
    public void Past_the_bound_memory_is_dropped_and_the_log_fills_in_until_memory_covers_again()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path);
        store.PendingSubjectsLimit = 12;
        Append(store, 1, 15, batch: 5); // the third batch would pass 12: the list is dropped, coverage restarts at 15
        Append(store, 16, 5);           // kept

        Assert.Equal(10, store.IndexAuditSubjects(maxRecords: 10));      // (0, 10]: before the restart, from the log
        Assert.Equal(10, store.IndexAuditSubjects(maxRecords: 10));      // (10, 20]: straddles it, from the log too
        Assert.Equal(0, store.AuditSubjectsIndexedFromMemory);
        Append(store, 21, 10);
        Assert.Equal(10, IndexAll(store));                               // (20, 30]: covered again
        Assert.Equal(10, store.AuditSubjectsIndexedFromMemory);
        AssertIndexMatchesLog(dir.Path);
    }
}
