using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Vigil.Core.Engine;

namespace Vigil.Storage.Tests;

public sealed class SchemaMigrationTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string PreviousRelease()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "release-2026-12-07", VigilStore.FileName), Path.Combine(_dir.Path, VigilStore.FileName));
        return _dir.Path;
    }

    private static int UserVersion(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, VigilStore.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Sql(string directory, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, VigilStore.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public void Open_DatabaseWrittenByThePreviousRelease_UpgradesAndKeepsEverything()
    {
        string dir = PreviousRelease();
        Assert.Equal(0, UserVersion(dir));

        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            Assert.Equal(0, store.SchemaFound);
            Assert.Equal(204, store.JournalHead());
            Assert.Equal(4, store.AuditCount());
            Assert.Equal(2, store.ApiKeyCount());
            var gateway = store.FindApiKey("5c8b020ff0e6");
            Assert.NotNull(gateway);
            Assert.Equal("default", gateway.Tenant);
            Assert.Equal("evaluate", gateway.Scopes);
            Assert.Equal("carol", store.FindDecision("e47788b917-000000000003")?.Subject);

            // The engine state it checkpointed is read by this release's engine.
            var checkpoint = store.LatestCheckpoint();
            Assert.NotNull(checkpoint);
            using (var stream = store.OpenCheckpoint(checkpoint))
            {
                Assert.NotNull(VigilEngine.ReadCheckpoint(stream));
            }

            // And it goes on: the journal, the chained audit log, tables the old file never had.
            store.Append([new JournalAppend(JournalKind.Event, "after-upgrade", "alice", "{}"u8.ToArray(), JournalSource.Ingest)]);
            store.AppendDecisions([new AuditAppend("after-upgrade-1", "alice", 1, """{"decision_id":"after-upgrade-1","subject_id":"alice","time_ms":1,"decision":true}"""u8.ToArray())]);
            store.SaveConnectorCursor("okta", "cursor-1");
        }

        Assert.Equal(VigilStore.SchemaVersion, UserVersion(dir));
        var verified = AuditVerifier.Verify(dir);
        Assert.True(verified.Valid, verified.Problem);
        using var reopened = VigilStore.Open(dir, TimeProvider.System);
        Assert.Equal(VigilStore.SchemaVersion, reopened.SchemaFound);
        Assert.Equal(205, reopened.JournalHead());
        Assert.Equal(5, reopened.AuditCount());
        Assert.Equal("cursor-1", reopened.GetConnectorCursor("okta"));
    }

    [Fact]
    public void Open_NewDatabase_IsWrittenAtTheLatestVersion()
    {
        using (var store = VigilStore.Open(_dir.Path, TimeProvider.System))
        {
            Assert.Equal(0, store.SchemaFound);
        }

        Assert.Equal(VigilStore.SchemaVersion, UserVersion(_dir.Path));
        Assert.True(VigilStore.SchemaVersion >= 2);
    }

    [Fact]
    public void Open_DatabaseFromANewerRelease_IsRefusedAndLeftUntouched()
    {
        string dir = PreviousRelease();
        Sql(dir, $"PRAGMA user_version = {VigilStore.SchemaVersion + 1}");
        string file = Path.Combine(dir, VigilStore.FileName);
        byte[] before = SHA256.HashData(File.ReadAllBytes(file));

        var refused = Assert.Throws<StorageVersionException>(() => VigilStore.Open(dir, TimeProvider.System));

        Assert.Contains($"schema version {VigilStore.SchemaVersion + 1}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("newer Vigil", refused.Message, StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(file)));
    }

    [Fact]
    public void Open_KeysTableFromBeforeTenants_GainsTheTenantColumnAndKeepsTheKeys()
    {
        // The oldest shape: api_keys without the tenant column, no user_version.
        Sql(_dir.Path, """
            CREATE TABLE api_keys(
                key_id TEXT PRIMARY KEY, name TEXT NOT NULL, scopes TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
                created_ms INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
            INSERT INTO api_keys VALUES('k1', 'old', 'admin', x'00', x'00', 1, 0);
            """);

        using var store = VigilStore.Open(_dir.Path, TimeProvider.System);

        var key = store.FindApiKey("k1");
        Assert.NotNull(key);
        Assert.Null(key.Tenant);
        Assert.True(store.AddApiKey(new ApiKeyRecord("k2", "new", "evaluate", [1], [2], 2, false, "acme")));
        Assert.Equal("acme", store.FindApiKey("k2")?.Tenant);
    }
}
