using System.Globalization;
using System.Net;
using System.Text;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;
using Vigil.Storage;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Durability;

/// <summary>
/// State past SQLite's 1e9-byte blob limit used to brick the service: the checkpoint insert failed, the writer died and
/// every restart failed (issue 11, defect 2). The state is built by an engine directly (ingesting it over HTTP would
/// only make the test slower) with long ids (8,000 characters; ids have no length limit) and one peer group per
/// identity, so about 95k identities pass the limit in well under a minute. The identity the test asks about has a
/// short id, so that it fits in a URL.
/// </summary>
public sealed class LargeStateTests(ITestOutputHelper output)
{
    private const int Identities = 95_000;
    private const int Target = 4_321;
    private static readonly long BaseMs = DateTimeOffset.Parse("2026-03-02T08:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Id(int n) =>
        "user" + n.ToString("D6", CultureInfo.InvariantCulture) + (n == Target ? "" : new string('x', 8_000));

    private static readonly ServerOptions Options = new() { Engine = new ServerOptions().Engine with { MaxPeerGroupsPerTenant = 1_000_000 } };

    [Fact]
    [Trait("Category", "Scale")]
    public async Task Restart_StateLargerThan1e9Bytes_RecoversKeepsScoringAndCheckpointsAgain()
    {
        string dir = TempDir.Create();
        long seeded;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            // One peer group per identity makes the state large; past the default cap of 1,000 they would fold into one.
            var engine = new VigilEngine(Options.Engine);
            for (int n = 0; n < Identities; n++)
            {
                engine.Observe(new TelemetryEvent
                {
                    TimestampMs = BaseMs + n,
                    Kind = EventKind.SignIn,
                    Outcome = EventOutcome.Success,
                    SubjectId = Id(n),
                    Department = "department-" + n,
                    SourceIp = new IPAddress([81, (byte)(n >> 16), (byte)(n >> 8), (byte)n]),
                    Country = "DE",
                    DeviceId = "device" + n,
                });
            }

            store.SaveCheckpoint(0, engine.WriteCheckpoint);
            seeded = store.LatestCheckpoint()!.Bytes;
        }

        output.WriteLine($"seeded {seeded} bytes in {clock.ElapsedMilliseconds} ms");
        Assert.True(seeded > 1_000_000_000L, $"the seeded state is {seeded} bytes; it must pass 1e9 to test the limit");
        GC.Collect();

        string target = Id(Target);
        await using (var service = await TestService.StartAsync(o => o.Engine = Options.Engine, dir))
        {
            output.WriteLine($"restarted at {clock.ElapsedMilliseconds} ms");
            Assert.Equal("ready", await service.Client.GetStringAsync("/readyz"));
            Assert.Contains("\"peer_group\":\"department-4321\"", await service.Client.GetStringAsync("/v1/identities/" + target), StringComparison.Ordinal);

            // It keeps scoring and learning: an observed evaluation and an ingested event.
            string time = DateTimeOffset.FromUnixTimeMilliseconds(BaseMs + 86_400_000L).ToString("O", CultureInfo.InvariantCulture);
            var (response, _) = await service.PostJsonAsync("/access/v1/evaluation",
                $$$"""{"subject":{"type":"user","id":"{{{target}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"81.0.16.225","event_id":"after-restart","time":"{{{time}}}"}}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ingest = await service.Client.PostAsync("/v1/events", new StringContent(
                $$$"""{"@timestamp":"{{{time}}}","event":{"id":"late","action":"sign-in","outcome":"success"},"user":{"id":"newcomer"},"source":{"ip":"81.2.69.10"}}""",
                Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        }

        // The shutdown checkpoint, as large again, was written and covers the whole journal.
        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            var checkpoint = store.LatestCheckpoint()!;
            Assert.Equal(store.JournalHead(), checkpoint.JournalSequence);
            Assert.True(checkpoint.Bytes > seeded);
        }

        output.WriteLine($"done at {clock.ElapsedMilliseconds} ms");
        TempDir.Delete(dir);
    }
}
