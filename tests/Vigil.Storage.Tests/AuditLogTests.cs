using System.Text;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Tests;

public sealed class AuditLogTests
{
    private static AuditAppend Record(int i) => Decision("d-" + i, "alice", 1000 + i, i);

    /// <summary>A record as the server writes it: the lookup columns are copies of its fields.</summary>
    internal static AuditAppend Decision(string id, string? subject, long timeMs, int n = 0, bool decision = true) =>
        new(id, subject, timeMs, Encoding.UTF8.GetBytes(subject is null
            ? $$"""{"decision_id":"{{id}}","time_ms":{{timeMs}},"decision":{{(decision ? "true" : "false")}},"n":{{n}}}"""
            : $$"""{"decision_id":"{{id}}","time_ms":{{timeMs}},"subject_id":"{{subject}}","decision":{{(decision ? "true" : "false")}},"n":{{n}}}"""));

    private static void Fill(VigilStore store, int count)
    {
        store.AppendDecisions([.. Enumerable.Range(1, count / 2).Select(Record)]);
        store.AppendDecisions([.. Enumerable.Range(count / 2 + 1, count - count / 2).Select(Record)]);
    }

    internal static void Tamper(string dataDir, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Verify_IntactLogAcrossReopen_IsValid()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 10);
        }

        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            store.AppendDecisions([Record(11)]);
        }

        var result = AuditVerifier.Verify(dir.Path);
        Assert.True(result.Valid, result.Problem);
        Assert.Equal(11, result.RecordsChecked);
    }

    [Fact]
    public void Verify_AlteredRecord_ReportsThatRecord()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 10);
        }

        Tamper(dir.Path, "UPDATE audit SET record = CAST('{\"decision_id\":\"d-4\",\"time_ms\":1004,\"subject_id\":\"alice\",\"decision\":false,\"n\":4}' AS BLOB) WHERE seq = 4");
        var result = AuditVerifier.Verify(dir.Path);
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RemovedRecord_ReportsWhereRecordsWereRemoved()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 10);
        }

        Tamper(dir.Path, "DELETE FROM audit WHERE seq = 6");
        var result = AuditVerifier.Verify(dir.Path);
        Assert.False(result.Valid);
        Assert.Equal(6, result.FirstBadSequence);
        Assert.Contains("removed", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RemovedAndRenumbered_StillDetected()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 10);
        }

        Tamper(dir.Path, "DELETE FROM audit WHERE seq = 6; UPDATE audit SET seq = seq - 1 WHERE seq > 6;");
        var result = AuditVerifier.Verify(dir.Path);
        Assert.False(result.Valid);
        Assert.Equal(6, result.FirstBadSequence);
    }

    [Fact]
    public void Verify_TruncatedTail_IsDetected()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 10);
        }

        Tamper(dir.Path, "DELETE FROM audit WHERE seq > 8");
        var result = AuditVerifier.Verify(dir.Path);
        Assert.False(result.Valid);
        Assert.Equal(9, result.FirstBadSequence);
    }

    [Fact]
    public void ReadDecisions_BySubject_NewestFirst()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Fill(store, 4);
        store.AppendDecisions([Decision("d-bob", "bob", 9)]);
        Assert.Equal(["d-4", "d-3"], store.ReadDecisions("alice", 2).Select(r => r.DecisionId));
        Assert.Equal("bob", store.FindDecision("d-bob")!.Subject);
        Assert.Null(store.FindDecision("nope"));
    }

    [Fact]
    public void Ids_subjects_and_record_bytes_are_stored_exactly_as_given()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        byte[] bytes = Encoding.UTF8.GetBytes("""{"decision_id":"d-é-1","time_ms":42,"subject_id":"zoë@例え.jp","note":"日本"}""");
        store.AppendDecisions([new AuditAppend("d-é-1", "zoë@例え.jp", 42, bytes), Decision("d-anon", null, 43)]);

        var record = store.FindDecision("d-é-1")!;
        Assert.Equal(("zoë@例え.jp", 42L), (record.Subject, record.TimeMs));
        Assert.Equal(bytes, record.Record);
        Assert.Equal(["d-é-1"], store.ReadDecisions("zoë@例え.jp").Select(r => r.DecisionId));
        Assert.Null(store.FindDecision("d-anon")!.Subject);
        Assert.Equal(record.Hash, store.FindDecision("d-anon")!.PreviousHash);
        Assert.True(AuditVerifier.Verify(dir.Path).Valid);
    }

    [Fact]
    public void A_batch_the_database_refuses_is_rolled_back_whole_and_the_next_batch_continues_the_chain()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Fill(store, 3);
        Tamper(dir.Path, "INSERT INTO audit(seq, decision_id, subject, time_ms, record, prev_hash, hash) VALUES(5, 'squatter', NULL, 0, x'00', x'00', x'00')");

        // Record 4 goes in, record 5 collides: the whole batch is refused, and nothing of it stays.
        Assert.Throws<SqliteException>(() => store.AppendDecisions([Record(4), Record(5)]));
        Assert.Null(store.FindDecision("d-4"));

        Tamper(dir.Path, "DELETE FROM audit WHERE seq = 5");
        Assert.Equal(4, store.AppendDecisions([Record(4), Record(5)]));
        var result = AuditVerifier.Verify(dir.Path);
        Assert.True(result.Valid, result.Problem);
        Assert.Equal(5, result.RecordsChecked);
    }

    [Fact]
    public void ReadDecisions_MeetsAcrossTheSubjectIndexAndTheUnindexedTail()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Fill(store, 4);                                   // d-1..d-4 for alice
        Assert.Equal(4, store.IndexAuditSubjects());
        Assert.Equal(0, store.IndexAuditSubjects());      // nothing new
        store.AppendDecisions([Decision("d-5", "alice", 5), Decision("d-bob", "bob", 6)]);

        // Two indexed, one from the tail; and limits apply to the union, newest first.
        Assert.Equal(["d-5", "d-4", "d-3"], store.ReadDecisions("alice", 3).Select(r => r.DecisionId));
        Assert.Equal(["d-5", "d-4", "d-3", "d-2", "d-1"], store.ReadDecisions("alice", 10).Select(r => r.DecisionId));
        Assert.Equal(["d-bob"], store.ReadDecisions("bob").Select(r => r.DecisionId));

        Assert.Equal(2, store.IndexAuditSubjects(maxRecords: 1) + store.IndexAuditSubjects(maxRecords: 1));
        Assert.Equal(["d-5", "d-4", "d-3"], store.ReadDecisions("alice", 3).Select(r => r.DecisionId));
        Assert.Equal(["d-bob"], store.ReadDecisions("bob").Select(r => r.DecisionId));
    }

    [Fact]
    public void A_database_with_the_old_per_decision_subject_index_is_migrated_on_open()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 3);
        }

        // The layout before the deferred index (and before schema versions): an index maintained on every insert, no index tables.
        Tamper(dir.Path, "DROP TABLE audit_by_subject; DROP TABLE audit_indexed; CREATE INDEX audit_subject ON audit(subject, seq); PRAGMA user_version = 0");
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Assert.Equal(["d-3", "d-2", "d-1"], store.ReadDecisions("alice").Select(r => r.DecisionId));
            Assert.Equal(3, store.IndexAuditSubjects());
            Assert.Equal(["d-3", "d-2", "d-1"], store.ReadDecisions("alice").Select(r => r.DecisionId));
        }

        Assert.True(AuditVerifier.Verify(dir.Path).Valid);
    }

    [Fact]
    public void A_rewrite_with_recomputed_hashes_passes_the_chain_but_not_an_anchor_taken_before_it()
    {
        using var dir = new TempDataDir();
        AuditAnchor anchor;
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 4);
            anchor = store.AuditHead()!;
            Assert.Equal(anchor, AuditVerifier.ReadHead(dir.Path));
            Fill2(store);
        }

        // Someone with write access to the database changes record 2 and recomputes every hash after it.
        RewriteFrom(dir.Path, 2, Decision("d-2", "alice", 1002, 2, decision: false).Record.ToArray());
        Assert.True(AuditVerifier.Verify(dir.Path).Valid);

        var result = AuditVerifier.Verify(dir.Path, [anchor]);
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Contains("anchor", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anchor_beyond_the_end_of_the_log_reports_removed_records()
    {
        using var dir = new TempDataDir();
        AuditAnchor anchor;
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 4);
            anchor = store.AuditHead()!;
        }

        Assert.True(AuditVerifier.Verify(dir.Path, [anchor]).Valid);
        Tamper(dir.Path, "DELETE FROM audit WHERE seq > 2; UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit WHERE seq = 2)");
        Assert.True(AuditVerifier.Verify(dir.Path).Valid); // a clean truncation the chain alone cannot see
        var result = AuditVerifier.Verify(dir.Path, [anchor]);
        Assert.False(result.Valid);
        Assert.Contains("names record 4", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE audit SET subject = 'bob' WHERE seq = 2", "subject column")]
    [InlineData("UPDATE audit SET decision_id = 'd-x' WHERE seq = 2; UPDATE audit SET decision_id = 'd-2' WHERE seq = 3", "decision_id column")]
    [InlineData("UPDATE audit SET time_ms = 0 WHERE seq = 2", "time_ms column")]
    [InlineData("UPDATE audit SET record = CAST(REPLACE(CAST(record AS TEXT), 'true', 'false') AS BLOB) WHERE seq = 2", "altered")]
    [InlineData("UPDATE audit SET seq = 20 WHERE seq = 2", "moved")]
    [InlineData("UPDATE audit SET prev_hash = zeroblob(32) WHERE seq = 3", "does not link")]
    public void FindDecision_EditedRecord_IsRefused(string edit, string expected)
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Fill(store, 4);
        Assert.Equal("alice", store.FindDecision("d-2")!.Subject);

        Tamper(dir.Path, edit);
        var refused = Assert.Throws<AuditIntegrityException>(() => store.FindDecision("d-2"));
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindDecision_RecordRechainedButHeadNotMoved_IsRefused()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Fill(store, 4);
        // The last record replaced with its own hash recomputed: the head still names the old one.
        var forged = Decision("d-4", "bob", 1004, 4).Record.ToArray();
        var previous = store.FindDecision("d-4")!.PreviousHash;
        Tamper(dir.Path, $"UPDATE audit SET subject = 'bob', record = x'{Convert.ToHexString(forged)}', hash = x'{Convert.ToHexString(AuditChain.Next(previous, 4, forged))}' WHERE seq = 4");
        Assert.Throws<AuditIntegrityException>(() => store.FindDecision("d-4"));
        Assert.False(AuditVerifier.Verify(dir.Path).Valid);
    }

    [Fact]
    public void ReadDecisions_SubjectColumnOrIndexEdited_IsRefused()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Fill(store, 4);
        store.AppendDecisions([Decision("d-bob", "bob", 9)]);

        // In the unindexed tail, the column decides what is found.
        Tamper(dir.Path, "UPDATE audit SET subject = 'bob' WHERE seq = 2");
        Assert.Throws<AuditIntegrityException>(() => store.ReadDecisions("bob"));
        Tamper(dir.Path, "UPDATE audit SET subject = 'alice' WHERE seq = 2");

        // In the index, a row pointing at alice's record under bob.
        store.IndexAuditSubjects();
        Assert.Equal(["d-bob"], store.ReadDecisions("bob").Select(r => r.DecisionId));
        Tamper(dir.Path, "INSERT INTO audit_by_subject(subject, seq) VALUES('bob', 1)");
        Assert.Throws<AuditIntegrityException>(() => store.ReadDecisions("bob"));
        Assert.Contains("subject index", AuditVerifier.Verify(dir.Path).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ColumnEdited_ReportsTheColumn()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Fill(store, 4);
        }

        Tamper(dir.Path, "UPDATE audit SET subject = 'mallory' WHERE seq = 3");
        var result = AuditVerifier.Verify(dir.Path);
        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("subject column", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnchorFile_AppendedThenRead_KeepsEveryAnchorAndSkipsATornLastLine()
    {
        using var dir = new TempDataDir();
        string path = Path.Combine(dir.Path, "anchors");
        AuditAnchorFile.Append(path, new AuditAnchor(1, new string('a', 64)), DateTimeOffset.UnixEpoch);
        AuditAnchorFile.Append(path, new AuditAnchor(5, new string('b', 64)), DateTimeOffset.UnixEpoch);
        File.AppendAllText(path, "9:" + new string('c', 20)); // a crash in the middle of a write
        Assert.Equal([1L, 5L], AuditAnchorFile.Read(path, out var problems).Select(a => a.Sequence));
        Assert.Empty(problems);
        AuditAnchorFile.Append(path, new AuditAnchor(9, new string('d', 64)), DateTimeOffset.UnixEpoch);
        Assert.Equal([1L, 5L, 9L], AuditAnchorFile.Read(path, out problems).Select(a => a.Sequence));
        Assert.Empty(problems);
        Assert.StartsWith("1:" + new string('a', 64) + " 1970-01-01T00:00:00.000Z", File.ReadAllText(path), StringComparison.Ordinal);

        File.AppendAllText(path, "\nnot an anchor\n");
        AuditAnchorFile.Read(path, out problems);
        Assert.Contains("line 6", Assert.Single(problems), StringComparison.Ordinal);
        Assert.EndsWith("data.audit-anchors", AuditAnchorFile.DefaultPath("/srv/vigil/data/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", "SEQ:HEX")]
    [InlineData("x:00", "record number")]
    [InlineData("3:abc", "64-digit")]
    public void Anchor_text_that_is_not_SEQ_HEX_is_refused_with_a_reason(string text, string expected)
    {
        Assert.False(AuditAnchor.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.True(AuditAnchor.TryParse("7:" + new string('A', 64), out var ok, out _));
        Assert.Equal("7:" + new string('a', 64), ok!.ToString());
    }

    private static void Fill2(VigilStore store) => store.AppendDecisions([Record(5), Record(6)]);

    internal static void RewriteFrom(string dataDir, long from, byte[] newRecord)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        var rows = new List<(long Seq, byte[] Record)>();
        byte[] previous;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT hash FROM audit WHERE seq = $p";
            read.Parameters.AddWithValue("$p", from - 1);
            previous = (byte[])read.ExecuteScalar()!;
        }

        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT seq, record FROM audit WHERE seq >= $f ORDER BY seq";
            read.Parameters.AddWithValue("$f", from);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(0) == from ? newRecord : (byte[])reader.GetValue(1)));
            }
        }

        foreach (var (seq, record) in rows)
        {
            byte[] hash = AuditChain.Next(previous, seq, record);
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit SET record = $r, prev_hash = $p, hash = $h WHERE seq = $s; UPDATE audit_head SET hash = $h WHERE seq = $s";
            update.Parameters.AddWithValue("$r", record);
            update.Parameters.AddWithValue("$p", previous);
            update.Parameters.AddWithValue("$h", hash);
            update.Parameters.AddWithValue("$s", seq);
            update.ExecuteNonQuery();
            previous = hash;
        }
    }
}
