using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Vigil.Storage;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// A pull connector's cursor and its page's journal entries are one transaction (docs/connectors.md, "Pull
/// connectors"). The failure between them is made real: a SQLite trigger on the service's own database file refuses
/// the cursor write, which (were they separate) would leave the page journaled behind an old cursor.
/// </summary>
public sealed class ConnectorCursorTransactionTests
{
    [Fact]
    public async Task Connector_CursorWriteFailsAfterThePageWasInserted_NeitherLosesNorDuplicatesEvents()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add(Enumerable.Range(0, 1_500).Select(i => FakeOkta.Event($"ev-{i}", ConnectorService.Start.AddHours(-6).AddSeconds(i))).ToArray());
        string dir = TempDir.Create();
        string secret = ConnectorService.SecretFile(dir, okta.Token);
        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            Assert.Null(store.GetConnectorCursor("okta-main")); // creates the cursor table, for the trigger below
        }

        Sql(dir, "CREATE TRIGGER refuse_cursor BEFORE INSERT ON connector_cursors BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
        string config = $$"""{"connectors":[{"name":"okta-main","type":"okta","url":"{{okta.Url}}","tokenFile":"{{secret}}","since":"2025-03-01T00:00:00Z","pageSize":1000}]}""";
        await using (var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs()))
        {
            await ConnectorService.Until(() => ConnectorService.Health(service).Failures >= 1, time, TimeSpan.Zero, "the first page's commit fails");
            var store = await service.StoreAfterAuditFlushAsync();
            Assert.Equal(0, store.JournalHead()); // the page's events went with the refused cursor
            Assert.Null(store.GetConnectorCursor("okta-main"));

            Sql(dir, "DROP TRIGGER refuse_cursor");
            await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 1_500, time, TimeSpan.FromSeconds(1), "the retry reads the log to its end");
            var health = ConnectorService.Health(service);
            Assert.Equal((1_500, 0, 0), (health.Accepted, health.Duplicates, health.Rejected));
            Assert.Equal(1_500, store.JournalHead()); // every event once
            Assert.EndsWith("after=c1500", store.GetConnectorCursor("okta-main"), StringComparison.Ordinal);
        }

        TempDir.Delete(dir);
    }

    private static void Sql(string dir, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, VigilStore.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
