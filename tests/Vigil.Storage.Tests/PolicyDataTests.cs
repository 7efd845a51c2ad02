using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Tests;

/// <summary>A policy version is rules plus data: both are versioned together, and databases from before the data table keep working.</summary>
public sealed class PolicyDataTests
{
    [Fact]
    public void SavePolicyVersion_StoresRulesAndDataTogether()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var first = store.SavePolicyVersion("version: r1", null, "alice", "rules");
        var second = store.SavePolicyVersion("version: r1", "subjects: {}", "alice", "data");

        Assert.Null(first.Data);
        Assert.Equal("subjects: {}", second.Data);
        Assert.Equal("subjects: {}", store.GetPolicy()!.Data);
        Assert.Null(store.GetPolicy(1)!.Data);
        Assert.Equal([string.Empty, null], store.PolicyHistory().Select(v => v.Data));
    }

    [Fact]
    public void SavePolicy_CarriesTheCurrentDataForward()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.SavePolicyVersion("version: r1", "resources: {}", "alice", null);
        var rules = store.SavePolicy("version: r2", "--policy", "r2.yaml");

        Assert.Equal("resources: {}", rules.Data);
        Assert.Equal("resources: {}", store.GetPolicy(2)!.Data);
        Assert.Equal("version: r2", store.GetPolicy()!.Document);
    }

    [Fact]
    public void SavePolicy_WithoutData_StoresNone()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Null(store.SavePolicy("version: r1", "alice", null).Data);
        Assert.Null(store.GetPolicy()!.Data);
    }

    [Fact]
    public void Open_DatabaseFromBeforeTheDataTable_KeepsItsVersionsAndAcceptsData()
    {
        using var dir = new TempDataDir();
        using (var old = new SqliteConnection($"Data Source={Path.Combine(dir.Path, VigilStore.FileName)};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE policies(version INTEGER PRIMARY KEY, document TEXT NOT NULL, author TEXT NOT NULL, created_ms INTEGER NOT NULL, comment TEXT);
                INSERT INTO policies VALUES(1, 'version: old', 'bob', 5, 'before data');
                """;
            create.ExecuteNonQuery();
        }

        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var old1 = store.GetPolicy()!;
        Assert.Equal(("version: old", (string?)null), (old1.Document, old1.Data));
        Assert.Equal("version: old", store.SavePolicyVersion(old1.Document, "subjects: {}", "alice", null).Document);
        Assert.Equal("subjects: {}", store.GetPolicy(2)!.Data);
    }
}
