using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Connectors;

/// <summary>SIEM export (issue 15, part 3): non-permit decisions from the audit log to a local Splunk HEC.</summary>
public sealed class SiemExportTests
{
    private static string Question(string resource) =>
        $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"{{{resource}}}"}}""";

    [Fact]
    public async Task Export_DenyAndStepUpAfterA503_SentOnceAsEcsAlertsAcrossARestart()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var hec = await FakeSplunkHec.StartAsync();
        hec.Fail(503);
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"splunk","type":"splunk-hec","url":"{{hec.Url}}","tokenFile":"{{ConnectorService.SecretFile(dir, hec.Token)}}","pollSeconds":5,"send":["decisions"]}]}""";
        var logs = new AllLogs();
        var decisions = new List<string>();
        string key;
        await using (var service = await ConnectorService.StartAsync(config, time, dir, logs, o => o.PolicyFactory = _ => new FixedPolicy()))
        {
            foreach (string resource in (string[])["doc-deny", "doc", "doc-stepup"])
            {
                var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", Question(resource));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                decisions.Add(body.GetProperty("context").GetProperty("decision_id").GetString()!);
            }

            key = service.AdminKey!;
            await service.StoreAfterAuditFlushAsync();
            await ConnectorService.Until(() => hec.Events.Count >= 2, time, TimeSpan.FromSeconds(1), "the two non-permit decisions reach Splunk after the 503");
            Assert.Equal([503, 200], hec.Statuses);
        }

        Assert.Equal([decisions[0], decisions[2]], hec.Events.Select(e => e.GetProperty("event").GetProperty("id").GetString()));
        var deny = hec.Events[0];
        Assert.Equal(("alert", "failure", "vigil-decision-deny"), (deny.GetProperty("event").GetProperty("kind").GetString(), deny.GetProperty("event").GetProperty("outcome").GetString(), deny.GetProperty("event").GetProperty("action").GetString()));
        Assert.Equal("alice", deny.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("doc-deny", deny.GetProperty("labels").GetProperty("resource_id").GetString());

        // After a restart the exporter goes on from its saved place: only the new decision is sent.
        await using (var service = await ConnectorService.StartAsync(config, time, dir, logs, o => o.PolicyFactory = _ => new FixedPolicy()))
        {
            using var admin = service.ClientWithKey(key); // a restart prints no new key
            var (again, answer) = await service.PostJsonAsync("/access/v1/evaluation", Question("other-deny"), admin);
            Assert.True(again.StatusCode == HttpStatusCode.OK, answer.ToString());
            await service.StoreAfterAuditFlushAsync();
            await ConnectorService.Until(() => hec.Events.Count >= 3, time, TimeSpan.FromSeconds(1), "the new decision is sent");
            // More polls find nothing new to send (a resend would show up as a fourth event).
            for (int i = 0; i < 5; i++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }
        }

        Assert.Equal(3, hec.Events.Count);
        Assert.Equal("other-deny", hec.Events[2].GetProperty("labels").GetProperty("resource_id").GetString());
        Assert.DoesNotContain(logs.Lines, l => l.Contains(hec.Token, StringComparison.Ordinal));
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Export_BatchRefusedAsBadDataThreeTimes_GoesToTheDeadLetterFileAndTheExportGoesOn()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        await using var hec = await FakeSplunkHec.StartAsync();
        hec.Fail(400);
        hec.Fail(400);
        hec.Fail(400);
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"splunk","type":"splunk-hec","url":"{{hec.Url}}","tokenFile":"{{ConnectorService.SecretFile(dir, hec.Token)}}","send":["decisions"]}]}""";
        await using var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs(), o => o.PolicyFactory = _ => new FixedPolicy());

        await service.PostJsonAsync("/access/v1/evaluation", Question("first-deny"));
        await service.StoreAfterAuditFlushAsync();
        string deadLetter = Path.Combine(dir, "splunk.dead-letter.ndjson");
        await ConnectorService.Until(() => File.Exists(deadLetter), time, TimeSpan.FromSeconds(1), "the refused batch is set aside");
        await service.PostJsonAsync("/access/v1/evaluation", Question("second-deny"));
        await service.StoreAfterAuditFlushAsync();
        await ConnectorService.Until(() => hec.Events.Count >= 1, time, TimeSpan.FromSeconds(1), "the export goes on after it");

        string[] lines = await File.ReadAllLinesAsync(deadLetter);
        Assert.Equal(2, lines.Length);
        Assert.Contains("answered 400", lines[0], StringComparison.Ordinal);
        Assert.Contains("first-deny", lines[1], StringComparison.Ordinal);
        Assert.Equal("second-deny", Assert.Single(hec.Events).GetProperty("labels").GetProperty("resource_id").GetString());
        Assert.Equal([400, 400, 400, 200], hec.Statuses);
    }
}
