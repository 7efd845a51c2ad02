using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.Storage;

namespace Vigil.Server.Tests.Connectors;

/// <summary>The Okta System Log connector inside the service, against <see cref="FakeOkta"/> (docs/connectors.md, "Pull connectors").</summary>
public sealed class OktaConnectorTests
{
    private static string Config(FakeOkta okta, string secretFile, int pageSize, int pollSeconds = 60) =>
        $$"""{"connectors":[{"name":"okta-main","type":"okta","url":"{{okta.Url}}","tokenFile":"{{secretFile}}","since":"2025-03-01T00:00:00Z","pageSize":{{pageSize}},"pollSeconds":{{pollSeconds}}}]}""";

    private static string[] Events(int from, int count, int minuteOffset = 0) =>
        Enumerable.Range(from, count).Select(i => FakeOkta.Event($"ev-{i}", ConnectorService.Start.AddHours(-6).AddMinutes(minuteOffset).AddSeconds(i))).ToArray();

    [Fact]
    public async Task Connector_RestartAfterACrashBeforeTheCursorWasSaved_IngestsEveryEventExactlyOnce()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add(Events(0, 2_500));
        string dir = TempDir.Create();
        string secret = ConnectorService.SecretFile(dir, okta.Token);
        var logs = new AllLogs();

        await using (var service = await ConnectorService.StartAsync(Config(okta, secret, 1_000), time, dir, logs))
        {
            // Three pages of events, then the empty page that says "caught up".
            await ConnectorService.Until(() => ConnectorService.Health(service).Requests >= 4, time, TimeSpan.Zero, "the connector reads the log to its end");
            var health = ConnectorService.Health(service);
            Assert.Equal((2_500, 2_500, 0, 0), (health.EventsRead, health.Accepted, health.Duplicates, health.Rejected));
            Assert.Contains("since=2025-03-01", okta.Requests[0].Query, StringComparison.Ordinal);
            Assert.All(okta.Requests.Skip(1), r => Assert.Contains("after=c", r.Query, StringComparison.Ordinal));
            Assert.Equal(4, okta.Requests.Count); // caught up: no request until the poll interval passes
        }

        // A crash after the last page was journaled but before its cursor was saved: the cursor is one page behind.
        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            Assert.EndsWith("after=c2500", store.GetConnectorCursor("okta-main"), StringComparison.Ordinal);
            store.SaveConnectorCursor("okta-main", $"{okta.Url}/api/v1/logs?limit=1000&sortOrder=ASCENDING&after=c2000");
        }

        // Meanwhile 700 new events, and one published before all of them that reached the log late.
        okta.Add(Events(2_500, 700));
        okta.Add(FakeOkta.Event("late-1", ConnectorService.Start.AddHours(-7)));
        int before = okta.Requests.Count;
        await using (var service = await ConnectorService.StartAsync(Config(okta, secret, 1_000), time, dir, logs))
        {
            await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 701, time, TimeSpan.Zero, "the restarted connector reads the new events");
            var health = ConnectorService.Health(service);
            Assert.Equal((1_201, 701, 500), (health.EventsRead, health.Accepted, health.Duplicates));
            Assert.EndsWith("after=c2000", okta.Requests[before].Query, StringComparison.Ordinal); // resumed from the cursor, not from since
            var store = await service.StoreAfterAuditFlushAsync();
            Assert.Equal(3_201, store.JournalHead()); // every event once
            Assert.True(store.ContainsEvent("late-1"));
        }

        Assert.DoesNotContain(logs.Lines, l => l.Contains(okta.Token, StringComparison.Ordinal));
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Connector_RateLimitUsedUp_SendsNoRequestBeforeTheReset()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.RateLimit = 2;
        okta.Add(Events(0, 50));
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync(Config(okta, ConnectorService.SecretFile(dir, okta.Token), 10), time, dir, new AllLogs());

        await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 50, time, TimeSpan.FromSeconds(5), "all pages are read across rate-limit windows");

        // X-Rate-Limit-Remaining 0 after every second request: the next one waits for X-Rate-Limit-Reset, so Okta never has to say 429.
        Assert.DoesNotContain(okta.Requests, r => r.Status == 429);
        Assert.True(okta.Requests.Count >= 5);
        for (int i = 2; i < okta.Requests.Count; i += 2)
        {
            Assert.True(okta.Requests[i].At.ToUnixTimeSeconds() / 60 > okta.Requests[i - 1].At.ToUnixTimeSeconds() / 60, $"request {i} came in a new rate-limit window");
        }
    }

    [Fact]
    public async Task Connector_429Then500_RetriesAfterTheResetWithoutLossOrDuplicates()
    {
        var time = new FakeTimeProvider(ConnectorService.Start.AddSeconds(7));
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add(Events(0, 30));
        okta.Fail(429);
        okta.Fail(500);
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync(Config(okta, ConnectorService.SecretFile(dir, okta.Token), 10), time, dir, new AllLogs());

        await ConnectorService.Until(() => ConnectorService.Health(service).Accepted >= 30, time, TimeSpan.FromSeconds(1), "the connector recovers from a 429 and a 500");

        var reset = DateTimeOffset.FromUnixTimeSeconds((okta.Requests[0].At.ToUnixTimeSeconds() / 60 * 60) + 60);
        Assert.Equal((429, 500), (okta.Requests[0].Status, okta.Requests[1].Status));
        Assert.True(okta.Requests[1].At >= reset, "no request before X-Rate-Limit-Reset");
        var health = ConnectorService.Health(service);
        Assert.Equal((30, 0, 2, 1), (health.Accepted, health.Duplicates, health.Failures, health.RateLimited));
        Assert.Equal(30, (await service.StoreAfterAuditFlushAsync()).JournalHead());
    }

    [Fact]
    public async Task Connector_MalformedRecord_KeepsTheGoodOnesAndTheAdminSeesWhy()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add(Events(0, 5));
        okta.Add("""{"uuid":"bad-1","published":"2025-03-01T06:00:10.000Z","eventType":"user.session.start","actor":{"type":"User"},"outcome":{"result":"SUCCESS"}}""");
        okta.Add(Events(5, 4));
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync(Config(okta, ConnectorService.SecretFile(dir, okta.Token), 1_000), time, dir, new AllLogs());

        await ConnectorService.Until(() => ConnectorService.Health(service).Requests >= 2, time, TimeSpan.Zero, "the page is read");

        var response = await service.Client.GetAsync(new Uri("/v1/connectors", UriKind.Relative));
        var connector = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("connectors")[0];
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((10, 9, 1), (connector.GetProperty("events_read").GetInt32(), connector.GetProperty("accepted").GetInt32(), connector.GetProperty("rejected").GetInt32()));
        Assert.StartsWith("record refused: item[5]: missing subject", connector.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal("okta", connector.GetProperty("type").GetString());
        Assert.True(connector.GetProperty("lag_seconds").GetDouble() > 0);

        // Health is for administrators: an ingest key cannot read it.
        using var ingest = service.ClientWithKey(await service.CreateKeyAsync("shipper", "ingest"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync(new Uri("/v1/connectors", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Connector_TokenRefused_NeverLogsOrShowsTheToken()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add(Events(0, 3));
        string dir = TempDir.Create();
        const string wrong = "00WrongToken-that-must-stay-secret";
        var logs = new AllLogs();
        await using var service = await ConnectorService.StartAsync(Config(okta, ConnectorService.SecretFile(dir, wrong), 10), time, dir, logs);

        await ConnectorService.Until(() => ConnectorService.Health(service).Failures >= 3, time, TimeSpan.FromSeconds(1), "the refused token is retried with backoff");

        string health = await service.Client.GetStringAsync(new Uri("/v1/connectors", UriKind.Relative));
        Assert.Contains("401", health, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("1502 ", StringComparison.Ordinal) && l.Contains("401", StringComparison.Ordinal));
        Assert.DoesNotContain(wrong, health, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(wrong, StringComparison.Ordinal));
        Assert.Equal(0, ConnectorService.Health(service).Accepted);
    }
}
