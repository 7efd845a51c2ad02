using System.Text;
using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Tests;

public sealed class AuditLogTests
{
    private static AuditAppend Record(int i) => new("d-" + i, "alice", 1000 + i, Encoding.UTF8.GetBytes($$"""{"decision":true,"n":{{i}}}"""));

    private static void Fill(VigilStore store, int count)
    {
        store.AppendDecisions([.. Enumerable.Range(1, count / 2).Select(Record)]);
        store.AppendDecisions([.. Enumerable.Range(count / 2 + 1, count - count / 2).Select(Record)]);
    }

    private static void Tamper(string dataDir, string sql)
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
        using (var store = VigilStore.Open(dir.Path))
        {
            Fill(store, 10);
        }

        using (var store = VigilStore.Open(dir.Path))
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
        using (var store = VigilStore.Open(dir.Path))
        {
            Fill(store, 10);
        }

        Tamper(dir.Path, "UPDATE audit SET record = CAST('{\"decision\":false,\"n\":4}' AS BLOB) WHERE seq = 4");
        var result = AuditVerifier.Verify(dir.Path);
        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RemovedRecord_ReportsWhereRecordsWereRemoved()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path))
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
        using (var store = VigilStore.Open(dir.Path))
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
        using (var store = VigilStore.Open(dir.Path))
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
        using var store = VigilStore.Open(dir.Path);
        Fill(store, 4);
        store.AppendDecisions([new AuditAppend("d-bob", "bob", 9, "{}"u8.ToArray())]);
        Assert.Equal(["d-4", "d-3"], store.ReadDecisions("alice", 2).Select(r => r.DecisionId));
        Assert.Equal("bob", store.FindDecision("d-bob")!.Subject);
        Assert.Null(store.FindDecision("nope"));
    }
}
