using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// Twenty pages of 1,000 Okta events pulled into the service: every one journaled once, and the rate printed
/// (docs/benchmarks.md, "Pull connectors"; nothing is asserted about time).
/// </summary>
public sealed class OktaConnectorThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Connector_TwentyPagesOfAThousand_JournalsEveryEventOnce()
    {
        const int Events = 20_000;
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var okta = await FakeOkta.StartAsync(time);
        okta.Add([.. Enumerable.Range(0, Events).Select(i => FakeOkta.Event($"ev-{i}", ConnectorService.Start.AddHours(-6).AddMilliseconds(i * 500), user: $"user{i % 500}@example.com"))]);
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"okta","type":"okta","url":"{{okta.Url}}","tokenFile":"{{ConnectorService.SecretFile(dir, okta.Token)}}","since":"2025-03-01T00:00:00Z","pageSize":1000}]}""";

        await using var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs());
        var clock = Stopwatch.StartNew(); // the connector starts with the service: its first page may already be in
        await ConnectorService.Until(() => ConnectorService.Health(service).Requests >= (Events / 1_000) + 1, time, TimeSpan.Zero, "all pages are read");
        double pulled = clock.Elapsed.TotalSeconds;

        Assert.Equal(Events, ConnectorService.Health(service).Accepted);
        Assert.Equal(Events, (await service.StoreAfterAuditFlushAsync()).JournalHead());

        // The baseline in the same run: the same pages posted to POST /v1/events?format=okta of a fresh service.
        await using var posted = await TestService.StartAsync(o => o.Time = time);
        using var http = new HttpClient();
        var pages = new List<byte[]>();
        for (int page = 0; page < Events / 1_000; page++)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("SSWS", okta.Token);
            pages.Add(await http.GetByteArrayAsync(new Uri($"{okta.Url}/api/v1/logs?limit=1000&after=c{page * 1_000}")));
        }

        clock.Restart();
        foreach (byte[] page in pages)
        {
            var response = await posted.Client.PostAsync(new Uri("/v1/events?format=okta", UriKind.Relative), new ByteArrayContent(page) { Headers = { ContentType = new("application/json") } });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        double pushed = clock.Elapsed.TotalSeconds;
        output.WriteLine(FormattableString.Invariant($"pulled: {Events} events in {pulled:0.00} s, {Events / pulled:N0} events/s; posted to /v1/events: {pushed:0.00} s, {Events / pushed:N0} events/s; ratio {pulled / pushed:0.00}"));
    }
}
