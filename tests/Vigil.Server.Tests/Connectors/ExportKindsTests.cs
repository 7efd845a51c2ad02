using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Vigil.Storage;
using static Vigil.Server.Tests.Alerts.AlertEvents;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// Exports of detector alerts and identity risk changes (issue 15, part 3) beside decisions: each kind read after its
/// own saved cursor, sent at least once with an id that is the same on a resend, nothing secret in what is sent.
/// </summary>
public sealed class ExportKindsTests
{
    /// <summary>After the twenty days of history <see cref="History"/> writes, the clock the service runs on.</summary>
    private static readonly DateTimeOffset Now = Start.AddDays(25);

    [Fact]
    public async Task Export_AlertsAndARiskChange_SentAsEcsOnceEachUnderTheirOwnCursorsAcrossARestart()
    {
        var time = new FakeTimeProvider(Now);
        await using var hec = await FakeSplunkHec.StartAsync();
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"splunk","type":"splunk-hec","url":"{{hec.Url}}","tokenFile":"{{ConnectorService.SecretFile(dir, hec.Token)}}","pollSeconds":5}]}""";
        var logs = new AllLogs();
        string key;
        await using (var service = await ConnectorService.StartAsync(config, time, dir, logs))
        {
            key = service.AdminKey!;
            await IngestAsync(service, History(["alice", "bob"]));
            var takeover = Start.AddDays(21);
            await IngestAsync(service, SignIn("take-1", "alice", takeover, usual: false) + "\n" + SignIn("take-2", "alice", takeover.AddMinutes(30), usual: false) + "\n");
            (await service.Client.PostAsJsonAsync("/v1/feedback", new { identity = "alice", kind = "confirm_compromised" })).EnsureSuccessStatusCode();
            await IngestAsync(service, SignIn("after-1", "alice", takeover.AddHours(1), usual: true) + "\n");

            // Each kind's cursor is saved once Splunk took its batch, under its own key.
            var store = service.Services.GetRequiredService<VigilStore>();
            await ConnectorService.Until(
                () => Of(hec, "vigil.alert").Count >= 2 && Of(hec, "vigil.risk").Any(r => Level(r) == "HIGH")
                    && store.GetConnectorCursor("export:splunk:alerts") is not null && store.GetConnectorCursor("export:splunk:risk-changes") is not null,
                time, TimeSpan.FromSeconds(1), "the takeover's alerts and alice's move to HIGH reach Splunk, and both cursors are saved");
        }

        var alerts = Of(hec, "vigil.alert");
        Assert.Equal(alerts.Count, alerts.Select(a => a.GetProperty("event").GetProperty("id").GetString()).Distinct().Count());
        var first = alerts[0];
        Assert.StartsWith("vigil-alert-", first.GetProperty("event").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(("alert", "alice"), (first.GetProperty("event").GetProperty("kind").GetString(), first.GetProperty("user").GetProperty("id").GetString()));
        Assert.Contains("VG1001", first.GetProperty("rule").GetProperty("name").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("take-1", first.GetProperty("labels").GetProperty("event_id").GetString());
        var high = Of(hec, "vigil.risk").Last(r => Level(r) == "HIGH");
        Assert.Equal(("change", "alice", "vigil-risk-level-change"), (high.GetProperty("event").GetProperty("type")[0].GetString(), high.GetProperty("user").GetProperty("id").GetString(), high.GetProperty("event").GetProperty("action").GetString()));
        Assert.NotEqual("HIGH", high.GetProperty("labels").GetProperty("previous_level").GetString());
        int sent = hec.Events.Count;

        // After a restart each kind goes on from its saved place: polls find nothing new, so nothing is sent again.
        await using (var service = await ConnectorService.StartAsync(config, time, dir, logs))
        {
            using var admin = service.ClientWithKey(key);
            for (int i = 0; i < 5; i++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }

            await IngestAsync(service, SignIn("take-3", "alice", Start.AddDays(21).AddHours(5), usual: false) + "\n", admin);
            await ConnectorService.Until(() => hec.Events.Count > sent, time, TimeSpan.FromSeconds(1), "the new alert is sent");
            for (int i = 0; i < 5; i++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(20);
            }
        }

        Assert.Equal("take-3", Of(hec, "vigil.alert").Last().GetProperty("labels").GetProperty("event_id").GetString());
        Assert.Equal(hec.Events.Count, hec.Events.Select(e => e.GetProperty("event").GetProperty("id").GetString()).Distinct().Count());
        Assert.DoesNotContain(logs.Lines, l => l.Contains(hec.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(hec.Events, e => e.ToString().Contains("203.0.113.7", StringComparison.Ordinal)); // ids, scores and codes; no address
        TempDir.Delete(dir);
    }

    private static List<JsonElement> Of(FakeSplunkHec hec, string dataset)
    {
        return hec.Snapshot().Where(e => e.GetProperty("event").GetProperty("dataset").GetString() == dataset).ToList();
    }

    private static string? Level(JsonElement risk) => risk.GetProperty("user").GetProperty("risk").GetProperty("calculated_level").GetString();
}
