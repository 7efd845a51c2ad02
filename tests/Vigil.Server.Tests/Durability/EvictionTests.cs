using System.Globalization;
using System.Net;
using System.Text;
using Vigil.Core.Telemetry;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Durability;

/// <summary>
/// Issue 11, defect 3: identities beyond <c>--max-identities-per-tenant</c> are evicted to the store at each
/// checkpoint and restored on their next event. A capped service, restarted midway (checkpoint plus journal replay),
/// scores exactly as an uncapped one that never stopped.
/// </summary>
public sealed class EvictionTests
{
    private static readonly long Start = DateTimeOffset.Parse("2026-03-02T08:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Batch(int round)
    {
        var lines = new StringBuilder();
        for (int u = 0; u < 8; u++)
        {
            string time = DateTimeOffset.FromUnixTimeMilliseconds(Start + (round * 3_600_000L) + (u * 1000)).ToString("O", CultureInfo.InvariantCulture);
            string ip = round % 5 == 4 && u % 3 == 0 ? "102.89.4.7" : "81.2.69." + (10 + u);
            string outcome = (u + round) % 4 == 0 ? "failure" : "success";
            lines.Append(CultureInfo.InvariantCulture,
                $$$"""{"@timestamp":"{{{time}}}","event":{"id":"r{{{round}}}-u{{{u}}}","action":"sign-in","outcome":"{{{outcome}}}"},"user":{"id":"user{{{u}}}"},"source":{"ip":"{{{ip}}}"}}""").Append('\n');
        }

        return lines.ToString();
    }

    private static async Task IngestAsync(TestService service, int from, int to)
    {
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        for (int round = from; round < to; round++)
        {
            var response = await service.Client.PostAsync("/v1/events", new StringContent(Batch(round), Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            for (int i = 0; i < 600 && host.Pending != 0; i++)
            {
                await Task.Delay(20);
            }
        }
    }

    private static int[] Scores(TestService service)
    {
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        return [.. Enumerable.Range(0, 8).Select(u => host.Engine.Assess(new TelemetryEvent
        {
            TimestampMs = Start + (40 * 3_600_000L),
            Kind = EventKind.SignIn,
            Outcome = EventOutcome.Success,
            SubjectId = "user" + u,
            SourceIp = IPAddress.Parse("185.220.101.1"),
            Country = "RU",
        }).Score)];
    }

    [Fact]
    public async Task Restart_WithEvictedIdentities_ScoresAsAServiceThatNeverEvicted()
    {
        await using var plain = await TestService.StartAsync();
        await IngestAsync(plain, 0, 30);

        string dir = TempDir.Create();
        void Capped(ServerOptions o)
        {
            o.Engine = o.Engine with { MaxIdentitiesPerTenant = 2 };
            o.CheckpointEveryEntries = 5;
            o.DisableAuthentication = true; // the restart prints no admin key
        }

        await using (var first = await TestService.StartAsync(Capped, dir))
        {
            await IngestAsync(first, 0, 17);
            Assert.True((await first.StoreAfterAuditFlushAsync()).EvictedRows() > 0);
        }

        await using (var second = await TestService.StartAsync(Capped, dir))
        {
            await IngestAsync(second, 17, 30);
            var host = (EngineHost)second.Services.GetService(typeof(EngineHost))!;
            Assert.Equal(Scores(plain), Scores(second));
            Assert.True(host.Engine.IdentityCount < 8);
        }

        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Ingest_ManyNewIdentitiesBetweenCheckpoints_EvictsWithoutWaitingForTheCheckpoint()
    {
        await using var service = await TestService.StartAsync(o =>
        {
            o.Engine = o.Engine with { MaxIdentitiesPerTenant = 100 };
            o.CheckpointEveryEntries = 1_000_000; // no checkpoint during the test
        });
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        for (int part = 0; part < 5; part++)
        {
            string lines = string.Join('\n', Enumerable.Range(part * 1_000, 1_000).Select(i => Ingestion.IngestTests.Event("flood-" + i, "new-user-" + i)));
            var response = await service.Client.PostAsync("/v1/events", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        for (int i = 0; i < 600 && host.Pending != 0; i++)
        {
            await Task.Delay(20);
        }

        // 5,000 identities arrived with no checkpoint; memory holds the cap plus what arrived since the last check
        // (every 1,000 entries, once a tenth over the cap), and the rest are in the store.
        Assert.Equal(0, host.Pending);
        Assert.InRange(host.Engine.IdentityCount, 100, 100 + 11 + 1_000);
        Assert.True((await service.StoreAfterAuditFlushAsync()).EvictedRows() >= 3_900);
    }
}
