using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Connectors;

/// <summary>SIEM export as OpenTelemetry logs over OTLP/HTTP JSON (issue 15, part 3), against <see cref="FakeOtlpCollector"/>.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Export_DenyAfterA503_SentOnceAsAnOtlpLogRecordWithTheEcsDocumentAsBody()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var collector = await FakeOtlpCollector.StartAsync();
        collector.Fail(503);
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"otel","type":"otlp-logs","url":"{{collector.Url}}","send":["decisions"]}]}""";
        await using var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs(), o => o.PolicyFactory = _ => new FixedPolicy());

        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"doc-deny"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string decisionId = body.GetProperty("context").GetProperty("decision_id").GetString()!;
        await service.StoreAfterAuditFlushAsync();
        await ConnectorService.Until(() => collector.Records().Count >= 1, time, TimeSpan.FromSeconds(1), "the deny reaches the collector after its 503");
        for (int i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        Assert.Equal([503, 200], collector.Statuses);
        Assert.Empty(collector.Refusals);
        var record = Assert.Single(collector.Records());
        var attributes = record.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").GetProperty("stringValue").GetString());
        Assert.Equal((decisionId, "vigil.decision"), (attributes["event.id"], attributes["event.name"]));
        var ecs = JsonDocument.Parse(record.GetProperty("body").GetProperty("stringValue").GetString()!).RootElement;
        Assert.Equal((decisionId, "vigil-decision-deny"), (ecs.GetProperty("event").GetProperty("id").GetString(), ecs.GetProperty("event").GetProperty("action").GetString()));
        long nanos = long.Parse(record.GetProperty("timeUnixNano").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse(ecs.GetProperty("@timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1_000_000, nanos);
    }
}
