using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Vigil.Storage;

namespace Vigil.Cli.Tests;

/// <summary>
/// Issue 11, defect 9: every kind of edit of the audit database is reported by <c>vigil audit verify</c> run the
/// way an operator runs it (no flags beyond --data-dir), on a real SQLite file with the service's default anchor file.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AuditTamperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-tamper-").FullName;

    public static TheoryData<string, string> Edits => new()
    {
        { "subject column", "UPDATE audit SET subject = 'mallory' WHERE seq = 3" },
        { "subject column cleared", "UPDATE audit SET subject = NULL WHERE seq = 3" },
        { "decision_id column", "UPDATE audit SET decision_id = 'd-9' WHERE seq = 3" },
        { "time_ms column", "UPDATE audit SET time_ms = 1 WHERE seq = 3" },
        { "seq column", "UPDATE audit SET seq = 100 WHERE seq = 3" },
        { "payload", "UPDATE audit SET record = CAST(REPLACE(CAST(record AS TEXT), 'true', 'false') AS BLOB) WHERE seq = 3" },
        { "prev_hash column", "UPDATE audit SET prev_hash = zeroblob(32) WHERE seq = 3" },
        { "hash of the last record and the head", "UPDATE audit SET hash = zeroblob(32) WHERE seq = 6; UPDATE audit_head SET hash = zeroblob(32)" },
        { "delete a middle record", "DELETE FROM audit WHERE seq = 3" },
        { "delete the tail and repoint the head", "DELETE FROM audit WHERE seq > 4; UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit WHERE seq = 4)" },
        { "delete the head", "DELETE FROM audit_head" },
        { "reorder two records", "UPDATE audit SET seq = -3 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = -3" },
        { "insert a copy in the middle", "UPDATE audit SET seq = seq + 100 WHERE seq >= 3; UPDATE audit SET seq = seq - 99 WHERE seq >= 103; INSERT INTO audit SELECT 3, decision_id, subject, time_ms, record, prev_hash, hash FROM audit WHERE seq = 2" },
        { "subject index points at another subject's record", "UPDATE audit_by_subject SET subject = 'bob' WHERE seq = 1" },
        { "rewrite with every later hash recomputed", "rewrite" },
        { "append a copy with the chain and head recomputed", "append-copy" },
        { "anchor file edited", "anchor-file" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Verify_AfterEdit_ReportsBroken(string kind, string edit)
    {
        Fill();
        var before = Cli.Invoke("audit", "verify", "--data-dir", _dir);
        Assert.Equal(0, before.Exit);
        Assert.Contains("6 records verified, 1 anchor(s) matched", before.Out, StringComparison.Ordinal);

        switch (edit)
        {
            case "rewrite":
                Rechain(3, Encoding.UTF8.GetBytes("""{"decision_id":"d-3","time_ms":1003,"subject_id":"alice","decision":false}"""));
                break;
            case "append-copy":
                AppendCopyOf(2);
                break;
            case "anchor-file":
                File.WriteAllText(AuditAnchorFile.DefaultPath(_dir), "6:" + new string('0', 64) + " edited\n2:not-an-anchor\n");
                break;
            default:
                Tamper(edit);
                break;
        }

        var after = Cli.Invoke("audit", "verify", "--data-dir", _dir);
        Assert.True(after.Exit == 1, $"{kind}: exit {after.Exit}, out '{after.Out}', error '{after.Error}'");
        Assert.True(after.Error.Contains("BROKEN", StringComparison.Ordinal) || after.Error.Contains("edited", StringComparison.Ordinal), after.Error);
    }

    [Fact]
    public void Verify_WithoutAnyAnchor_SaysACutTailCannotBeSeen()
    {
        Fill();
        File.Delete(AuditAnchorFile.DefaultPath(_dir));
        var result = Cli.Invoke("audit", "verify", "--data-dir", _dir);
        Assert.Equal(0, result.Exit);
        Assert.Contains("no anchors found", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AnchorFileGiven_IsReadWithTheDefaultOne()
    {
        Fill();
        string elsewhere = Path.Combine(_dir, "..", Path.GetFileName(_dir) + "-elsewhere.anchors");
        try
        {
            AuditAnchorFile.Append(elsewhere, new AuditAnchor(7, new string('a', 64)), DateTimeOffset.UnixEpoch);
            var result = Cli.Invoke("audit", "verify", "--data-dir", _dir, "--anchor-file", elsewhere);
            Assert.Equal(1, result.Exit);
            Assert.Contains("names record 7", result.Error, StringComparison.Ordinal);
            Assert.Equal(2, Cli.Invoke("audit", "verify", "--data-dir", _dir, "--anchor-file", elsewhere + ".missing").Exit);
        }
        finally
        {
            File.Delete(elsewhere);
        }
    }

    /// <summary>Six decisions as the service writes them, the subject index brought up to date, and the head anchored where the service anchors it by default.</summary>
    private void Fill()
    {
        using var store = VigilStore.Open(_dir, TimeProvider.System);
        store.AppendDecisions([.. Enumerable.Range(1, 6).Select(i => Decision(i, i % 2 == 1 ? "alice" : "bob"))]);
        store.IndexAuditSubjects();
        AuditAnchorFile.Append(AuditAnchorFile.DefaultPath(_dir), store.AuditHead()!, DateTimeOffset.UnixEpoch);
    }

    private static AuditAppend Decision(int i, string subject) =>
        new("d-" + i, subject, 1000 + i, Encoding.UTF8.GetBytes($$"""{"decision_id":"d-{{i}}","time_ms":{{1000 + i}},"subject_id":"{{subject}}","decision":true}"""));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void Tamper(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>What someone with write access and the chain's recipe does: replaces record <paramref name="from"/> and recomputes every hash after it and the head.</summary>
    private void Rechain(long from, byte[] replacement)
    {
        using var connection = Open();
        var rows = Rows(connection);
        byte[] previous = rows.First(r => r.Seq == from).Previous;
        foreach (var (seq, record, _) in rows.Where(r => r.Seq >= from))
        {
            byte[] bytes = seq == from ? replacement : record;
            byte[] hash = Link(previous, seq, bytes);
            Exec(connection, "UPDATE audit SET record = $r, prev_hash = $p, hash = $h WHERE seq = $s", ("$r", bytes), ("$p", previous), ("$h", hash), ("$s", seq));
            previous = hash;
        }

        Exec(connection, "UPDATE audit_head SET hash = $h", ("$h", previous));
    }

    /// <summary>Chains a copy of record <paramref name="seq"/> at the end, with a correct link, hash and head.</summary>
    private void AppendCopyOf(long seq)
    {
        using var connection = Open();
        var rows = Rows(connection);
        var (last, _, _) = rows[^1];
        byte[] previous = Link(rows[^1].Previous, last, rows[^1].Record);
        byte[] record = rows.First(r => r.Seq == seq).Record;
        byte[] hash = Link(previous, last + 1, record);
        Exec(connection, "INSERT INTO audit SELECT $n, decision_id, subject, time_ms, record, $p, $h FROM audit WHERE seq = $s; UPDATE audit_head SET seq = $n, hash = $h",
            ("$n", last + 1), ("$p", previous), ("$h", hash), ("$s", seq));
    }

    private static List<(long Seq, byte[] Record, byte[] Previous)> Rows(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT seq, record, prev_hash FROM audit ORDER BY seq";
        using var reader = read.ExecuteReader();
        var rows = new List<(long, byte[], byte[])>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
        }

        return rows;
    }

    /// <summary>The chain's link as docs/storage.md publishes it: SHA-256(previous hash || big-endian sequence || record).</summary>
    private static byte[] Link(byte[] previous, long seq, byte[] record)
    {
        byte[] input = new byte[previous.Length + sizeof(long) + record.Length];
        previous.CopyTo(input, 0);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(previous.Length), seq);
        record.CopyTo(input, previous.Length + sizeof(long));
        return SHA256.HashData(input);
    }

    private static void Exec(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        File.Delete(AuditAnchorFile.DefaultPath(_dir));
    }
}
