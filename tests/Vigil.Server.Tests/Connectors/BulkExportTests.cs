using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Storage;

namespace Vigil.Server.Tests.Connectors;

/// <summary>SIEM export to the Elasticsearch / OpenSearch bulk API (issue 15, part 3), against <see cref="FakeBulkApi"/>.</summary>
public sealed class BulkExportTests
{
    private static string Question(string resource) =>
        $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"{{{resource}}}"}}""";

    [Fact]
    public async Task Export_OcsfToBulkApi_ResendsOnlyThrottledItemsDeadLettersRefusedOnesAndTakesConflictsAsDelivered()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var bulk = await FakeBulkApi.StartAsync();
        bulk.Throttle(1); // the first item meets a full write queue: 429
        bulk.Refuse = d => d.GetProperty("privileges")[0].GetString() == "read doc/mapping-conflict-deny" ? "document_parsing_exception" : null;
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"es","type":"elasticsearch","url":"{{bulk.Url}}","tokenFile":"{{ConnectorService.SecretFile(dir, bulk.ApiKey)}}","index":"vigil-decisions","format":"ocsf","send":["decisions"]}]}""";
        var logs = new AllLogs();
        var ids = new List<string>();
        string key;
        await using (var service = await ConnectorService.StartAsync(config, time, dir, logs, o => o.PolicyFactory = _ => new FixedPolicy()))
        {
            key = service.AdminKey!;
            foreach (string resource in (string[])["a-deny", "mapping-conflict-deny", "c-deny"])
            {
                var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", Question(resource));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                ids.Add(body.GetProperty("context").GetProperty("decision_id").GetString()!);
            }

            var store = await service.StoreAfterAuditFlushAsync();
            await ConnectorService.Until(() => bulk.Documents("vigil-decisions").Count == 2 && store.GetConnectorCursor("export:es") is not null, time, TimeSpan.FromSeconds(1),
                "the throttled decision is sent again and the cursor moves past the batch");

            // First the batch: a 429, a refusal, a success; then the throttled one alone.
            Assert.Equal([[(ids[0], 429), (ids[1], 400), (ids[2], 201)], [(ids[0], 201)]], bulk.Requests);
            string[] deadLetter = await File.ReadAllLinesAsync(Path.Combine(dir, "es.dead-letter.ndjson"));
            Assert.Equal(2, deadLetter.Length);
            Assert.Contains("document_parsing_exception (400)", deadLetter[0], StringComparison.Ordinal);
            Assert.Equal(ids[1], JsonDocument.Parse(deadLetter[1]).RootElement.GetProperty("metadata").GetProperty("uid").GetString());

            // As if the service had died after sending and before saving its cursor.
            store.SaveConnectorCursor("export:es", "0");
        }

        foreach (var document in bulk.Documents("vigil-decisions"))
        {
            Assert.Empty(OcsfRequired.Check(document));
            Assert.Equal(3003, document.GetProperty("class_uid").GetInt32());
        }

        // The restart sends the batch again: the two indexed answer 409 (taken as delivered), the bad one is refused again.
        await using (var service = await ConnectorService.StartAsync(config, time, dir, logs, o => o.PolicyFactory = _ => new FixedPolicy()))
        {
            var store = service.Services.GetRequiredService<VigilStore>();
            await ConnectorService.Until(() => bulk.Requests.Count == 3 && store.GetConnectorCursor("export:es") != "0", time, TimeSpan.FromSeconds(1), "the batch is sent again once");
            for (int i = 0; i < 5; i++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }
        }

        Assert.Equal(3, bulk.Requests.Count);
        Assert.Equal([(ids[0], 409), (ids[1], 400), (ids[2], 409)], bulk.Requests[2]);
        Assert.Equal(2, bulk.Documents("vigil-decisions").Count);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(bulk.ApiKey, StringComparison.Ordinal));
        TempDir.Delete(dir);
    }

    [Fact]
    public void Failures_AnswerWithoutOneItemPerDocument_SendsTheBatchAgainWhole()
    {
        var ex = Assert.Throws<Vigil.Server.Connectors.ConnectorException>(() =>
            Vigil.Server.Connectors.ElasticBulkSink.Failures("""{"took":1,"errors":true,"items":[{"create":{"status":201}}]}"""u8.ToArray(), sent: 2));
        Assert.Equal(0, ex.Status); // not a refusal as bad data: retried with backoff
        Assert.Empty(Vigil.Server.Connectors.ElasticBulkSink.Failures("""{"took":1,"errors":false,"items":[]}"""u8.ToArray(), sent: 2));
    }
}
