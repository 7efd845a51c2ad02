namespace Vigil.Storage.Tests;

public sealed class StateTests
{
    [Fact]
    public void SaveCheckpoint_KeepsNewestAndPrunesOld()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Assert.Null(store.LatestCheckpoint());
            store.SaveCheckpoint(10, [1, 2, 3]);
            store.SaveCheckpoint(20, [4, 5]);
            store.SaveCheckpoint(30, [6]);
        }

        using var reopened = VigilStore.Open(dir.Path, TimeProvider.System);
        var latest = reopened.LatestCheckpoint()!;
        Assert.Equal(30, latest.JournalSequence);
        Assert.Equal([6], CheckpointTests.ReadAll(reopened, latest));
    }

    [Fact]
    public void SavePolicy_EachReplacement_AddsAVersion()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Null(store.GetPolicy());
        store.SavePolicy("rules: []", "alice", "first");
        var second = store.SavePolicy("rules: [x]", "bob", null);

        Assert.Equal(2, second.Version);
        Assert.Equal("rules: [x]", store.GetPolicy()!.Document);
        Assert.Equal("rules: []", store.GetPolicy(1)!.Document);
        Assert.Equal([2L, 1L], store.PolicyHistory().Select(v => v.Version));
        Assert.Equal("first", store.PolicyHistory()[1].Comment);
    }

    [Fact]
    public void AddApiKey_StoresHashOnly_AndRevokes()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var key = new ApiKeyRecord("k1", "admin", "admin", [1, 2], [3, 4], 5, false);
        Assert.True(store.AddApiKey(key));
        Assert.False(store.AddApiKey(key));
        Assert.Equal(key.Hash, store.FindApiKey("k1")!.Hash);
        Assert.True(store.RevokeApiKey("k1"));
        Assert.True(store.FindApiKey("k1")!.Revoked);
        Assert.Equal(1, store.ApiKeyCount());
    }

    [Fact]
    public void FindApiKey_KeyStoredBeforeKeysHadTenants_StillWorksAndNewKeysKeepTheirTenant()
    {
        using var dir = new TempDataDir();
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Path.Combine(dir.Path, VigilStore.FileName) + ";Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE api_keys(key_id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
                    created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
                INSERT INTO api_keys VALUES('k0', 'admin', 'admin', x'01', x'02', 5, 0);
                """;
            create.ExecuteNonQuery();
        }

        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Null(store.FindApiKey("k0")!.Tenant);
        Assert.True(store.AddApiKey(new ApiKeyRecord("k1", "alice", "feedback", [1], [2], 5, false, "acme")));
        Assert.Equal("acme", store.FindApiKey("k1")!.Tenant);
    }
}
