using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Tests.Durability;

/// <summary>A checkpoint that cannot be written and a writer that stops (issue 11, defect 2): logged, never a hang, never a failed start.</summary>
public sealed class WriterHealthTests
{
    private static readonly long BaseMs = DateTimeOffset.Parse("2026-03-02T08:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Events(int from, int count) => string.Join('\n', Enumerable.Range(from, count).Select(n =>
        $$$"""{"@timestamp":"{{{DateTimeOffset.FromUnixTimeMilliseconds(BaseMs + (n * 60_000L)).ToString("O", CultureInfo.InvariantCulture)}}}","event":{"id":"e{{{n}}}","action":"sign-in","outcome":"success"},"user":{"id":"u{{{n % 10}}}"},"source":{"ip":"81.2.69.{{{n % 200}}}"}}"""));

    private static string Observed(int n) =>
        $$$"""{"subject":{"type":"user","id":"u{{{n % 10}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"81.2.69.10","event_id":"obs-{{{n}}}","time":"{{{DateTimeOffset.FromUnixTimeMilliseconds(BaseMs + 86_400_000L + n).ToString("O", CultureInfo.InvariantCulture)}}}"}}""";

    private static void Sql(string dataDir, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // A real SQLite failure on exactly the checkpoint's insert, as a full disk or a read-only file would give.
    private const string FailCheckpoints = "CREATE TRIGGER fail_checkpoints BEFORE INSERT ON checkpoint_sets BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;";

    private static async Task<HttpStatusCode> Ingest(TestService service, string lines) =>
        (await service.Client.PostAsync("/v1/events", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"))).StatusCode;

    private static async Task WaitApplied(TestService service)
    {
        var engine = service.Services.GetRequiredService<EngineHost>();
        for (int i = 0; i < 600 && engine.Pending > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, engine.Pending);
    }

    [Fact]
    public async Task Checkpoint_WriteFails_IsLoggedWriterKeepsLearningAndRetriesLater()
    {
        string dir = TempDir.Create();
        using (VigilStore.Open(dir, TimeProvider.System))
        {
        }

        Sql(dir, FailCheckpoints);
        var logs = new CapturedLogs();
        string key;
        await using (var service = await TestService.StartAsync(o => o.CheckpointEveryEntries = 50, dir, b => b.Logging.AddProvider(logs)))
        {
            key = service.AdminKey!;
            Assert.Equal(HttpStatusCode.Accepted, await Ingest(service, Events(0, 120)));
            await WaitApplied(service);
            Assert.True(logs.Has(1014), "the failed checkpoint is logged");

            // The writer is alive: it still learns, and observed evaluations are answered.
            var (response, _) = await service.PostJsonAsync("/access/v1/evaluation", Observed(1));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ready", await service.Client.GetStringAsync("/readyz"));

            Sql(dir, "DROP TRIGGER fail_checkpoints");
            Assert.Equal(HttpStatusCode.Accepted, await Ingest(service, Events(120, 100)));
            await WaitApplied(service);
            using var store = VigilStore.Open(dir, TimeProvider.System);
            Assert.NotNull(store.LatestCheckpoint()); // tried again one interval later, and written
        }

        // Start-up replays the journal and checkpoints; when that checkpoint cannot be written the service still starts.
        Sql(dir, FailCheckpoints);
        Sql(dir, "DELETE FROM checkpoint_chunks; DELETE FROM checkpoint_sets;");
        var restartLogs = new CapturedLogs();
        await using (var restarted = await TestService.StartAsync(dataDir: dir, configureBuilder: b => b.Logging.AddProvider(restartLogs)))
        {
            Assert.True(restartLogs.Has(1014));
            Assert.Equal("ready", await restarted.Client.GetStringAsync("/readyz"));
            using var client = restarted.ClientWithKey(key);
            Assert.Contains("\"id\":\"u3\"", await client.GetStringAsync("/v1/identities/u3"), StringComparison.Ordinal);
        }

        TempDir.Delete(dir);
    }

    [Fact]
    public async Task WriterStops_ReadyzAnswers503AndWaitingAndNewWorkFailsInsteadOfHanging()
    {
        var logs = new CapturedLogs();
        await using var service = await TestService.StartAsync(configureBuilder: b => b.Logging.AddProvider(logs));
        var engine = service.Services.GetRequiredService<EngineHost>();
        engine.BeforeApply = _ => throw new InsufficientMemoryException("simulated");

        // The observed evaluation is decided on arrival (it never waits for the writer); learning it stops the writer.
        var (first, _) = await service.PostJsonAsync("/access/v1/evaluation", Observed(1));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        HttpResponseMessage ready;
        for (int i = 0; (ready = await service.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK && i < 1_500; i++)
        {
            await Task.Delay(20); // bounded: a writer that never stops fails the assertion below instead of hanging
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.True(logs.Has(1015), "the stopped writer is logged");

        // New work is refused at once: ingestion answers 503 (not 202 and then 429 forever), and so do evaluations.
        var ingest = await service.Client.PostAsync("/v1/events", new StringContent(Events(0, 3), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ingest.StatusCode);
        Assert.NotNull(ingest.Headers.RetryAfter);
        var (observed, body) = await service.PostJsonAsync("/access/v1/evaluation", Observed(2));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, observed.StatusCode);
        Assert.Equal("Engine unavailable", body.GetProperty("title").GetString());

        // A question that learns nothing does not need the writer.
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", TestService.Question)).Response.StatusCode);
    }
}
