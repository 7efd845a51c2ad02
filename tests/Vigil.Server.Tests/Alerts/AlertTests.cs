using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using static Vigil.Server.Tests.Alerts.AlertEvents;

namespace Vigil.Server.Tests.Alerts;

/// <summary>The alert queue through the real service: ingestion and decisions become alerts, grouped, listed, paged and acted on.</summary>
public sealed class AlertTests
{
    private const string RiskyDecision =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"203.0.113.7","event_id":"ev-9","time":"2026-03-23T03:00:00Z","user_agent":"python-requests/2.31"}}""";

    [Fact]
    public async Task Ingest_EventAboveTheAlertLevel_BecomesAnAlertWithItsReasonsInAnIncident()
    {
        await using var service = await StartAsync();
        await IngestAsync(service, History(["alice", "bob"]));
        var takeover = Start.AddDays(21);
        await IngestAsync(service, SignIn("take-1", "alice", takeover, usual: false) + "\n" + SignIn("take-2", "alice", takeover.AddMinutes(30), usual: false) + "\n"
            + SignIn("take-3", "alice", takeover.AddMinutes(165), usual: false) + "\n");

        var alerts = (await GetAsync(service.Client, "/v1/alerts")).GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(3, alerts.Count); // the 40 office sign-ins score below the default level (medium)
        Assert.Equal(["take-3", "take-2", "take-1"], alerts.Select(a => a.GetProperty("event_id").GetString()));
        var first = alerts[2];
        Assert.Equal("alice", first.GetProperty("identity").GetString());
        Assert.Equal("default", first.GetProperty("tenant").GetString());
        Assert.Equal("ingest", first.GetProperty("source").GetString());
        Assert.Equal("open", first.GetProperty("status").GetString());
        Assert.Equal("2026-03-23T08:00:00.000Z", first.GetProperty("time").GetString());
        Assert.True(first.GetProperty("score").GetInt32() >= 40);
        Assert.Contains("VG1001", first.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // Thirty minutes apart: one incident; over two hours after the last: the next.
        Assert.Equal(first.GetProperty("incident_id").GetInt64(), alerts[1].GetProperty("incident_id").GetInt64());
        Assert.NotEqual(first.GetProperty("incident_id").GetInt64(), alerts[0].GetProperty("incident_id").GetInt64());
        var incident = await GetAsync(service.Client, $"/v1/incidents/{first.GetProperty("incident_id").GetInt64()}");
        Assert.Equal(2, incident.GetProperty("incident").GetProperty("alerts").GetInt32());
        Assert.Equal("open", incident.GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal(2, incident.GetProperty("alerts").GetArrayLength());
        Assert.Equal(2, (await GetAsync(service.Client, "/v1/incidents?identity=alice")).GetProperty("incidents").GetArrayLength());

        var one = await GetAsync(service.Client, $"/v1/alerts/{first.GetProperty("id").GetInt64()}");
        Assert.Equal("take-1", one.GetProperty("event_id").GetString());
        var view = await GetAsync(service.Client, "/v1/identities/alice");
        Assert.Equal(3, view.GetProperty("recent_alerts").GetArrayLength());
        Assert.False(view.GetProperty("state").GetProperty("learning").GetBoolean()); // twenty office sign-ins: past its baseline period

        await IngestAsync(service, SignIn("new-1", "newcomer", takeover, usual: true) + "\n");
        Assert.True((await GetAsync(service.Client, "/v1/identities/newcomer")).GetProperty("state").GetProperty("learning").GetBoolean());
    }

    [Fact]
    public async Task Evaluate_DecisionAboveTheAlertLevel_IsAlertedOnceWithItsDecisionId()
    {
        await using var service = await StartAsync(o => o.AlertMinScore = 20);
        await IngestAsync(service, History(["alice"]));
        var (_, decision) = await service.PostJsonAsync("/access/v1/evaluation", RiskyDecision);
        string decisionId = decision.GetProperty("context").GetProperty("decision_id").GetString()!;

        // Observed, so the writer learns it too: it is alerted once, from the decision that used its score.
        var alert = Assert.Single((await GetAsync(service.Client, "/v1/alerts")).GetProperty("alerts").EnumerateArray());
        Assert.Equal("decision", alert.GetProperty("source").GetString());
        Assert.Equal(decisionId, alert.GetProperty("decision_id").GetString());
        Assert.Equal("ev-9", alert.GetProperty("event_id").GetString());
        Assert.Equal(decision.GetProperty("context").GetProperty("risk").GetProperty("score").GetInt32(), alert.GetProperty("score").GetInt32());
    }

    [Fact]
    public async Task List_FiltersAndCursor_PageThroughEveryAlertOnce()
    {
        await using var service = await StartAsync();
        string[] users = ["u1", "u2", "u3", "u4", "u5"];
        await IngestAsync(service, History(users) + string.Concat(users.Select((u, i) => SignIn($"t-{u}", u, Start.AddDays(21).AddMinutes(i), usual: false) + "\n")));

        var seen = new List<long>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await GetAsync(service.Client, "/v1/alerts?limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);

        Assert.Single((await GetAsync(service.Client, "/v1/alerts?identity=u3")).GetProperty("alerts").EnumerateArray());
        Assert.Equal(5, (await GetAsync(service.Client, "/v1/alerts?status=open&level=medium,high,critical")).GetProperty("alerts").GetArrayLength());
        Assert.Equal(0, (await GetAsync(service.Client, "/v1/alerts?status=dismissed")).GetProperty("alerts").GetArrayLength());
        Assert.Equal(2, (await GetAsync(service.Client, "/v1/alerts?since=2026-03-23T08:03:00Z")).GetProperty("alerts").GetArrayLength());
        Assert.Equal(3, (await GetAsync(service.Client, "/v1/alerts?until=2026-03-23T08:03:00Z")).GetProperty("alerts").GetArrayLength());
        Assert.Equal(0, (await GetAsync(service.Client, "/v1/alerts?tenant=other")).GetProperty("alerts").GetArrayLength());
    }

    [Theory]
    [InlineData("/v1/alerts?colour=red", "colour")]
    [InlineData("/v1/alerts?limit=0", "limit")]
    [InlineData("/v1/alerts?limit=501", "limit")]
    [InlineData("/v1/alerts?limit=ten", "limit")]
    [InlineData("/v1/alerts?cursor=bm9wZQ", "cursor")]
    [InlineData("/v1/alerts?cursor=aTox", "cursor")] // an incident cursor ("i:1") on the alert list
    [InlineData("/v1/alerts?level=severe", "level")]
    [InlineData("/v1/alerts?level=low&level=high", "level")]
    [InlineData("/v1/alerts?status=closed", "status")]
    [InlineData("/v1/alerts?since=yesterday", "since")]
    [InlineData("/v1/alerts?since=2026-03-03T00:00:00Z&until=2026-03-02T00:00:00Z", "until")]
    [InlineData("/v1/alerts?incident=-1", "incident")]
    [InlineData("/v1/incidents?status=dismissed", "status")]
    [InlineData("/v1/incidents?level=high", "level")]
    [InlineData("/v1/alerts/abc", "id")]
    [InlineData("/v1/alerts/99999999999999999999", "id")]
    [InlineData("/v1/incidents/0", "id")]
    public async Task List_HostileQuery_Is400NamingTheParameter(string path, string parameter)
    {
        await using var service = await StartAsync();
        var response = await service.Client.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "identity=" + new string('x', 10));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(parameter + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_IdentityLongerThanTheBound_Is400NamingIt()
    {
        await using var service = await StartAsync();
        var response = await service.Client.GetAsync("/v1/alerts?identity=" + new string('x', 300));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("identity:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/v1/alerts/12345")).StatusCode);
    }

    [Fact]
    public async Task ConfirmSafe_OnAnAlert_NextEventWithThatPatternScoresLowerThanAfterDismiss()
    {
        await using var service = await StartAsync();
        await IngestAsync(service, History(["alice", "bob"]));
        var takeover = Start.AddDays(21);
        await IngestAsync(service, SignIn("a-1", "alice", takeover, usual: false) + "\n" + SignIn("b-1", "bob", takeover, usual: false) + "\n");
        long alice = await AlertIdAsync(service, "a-1"), bob = await AlertIdAsync(service, "b-1");

        var (response, safe) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"confirm_safe","ids":[{{alice}}],"comment":"new travel router"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = Assert.Single(safe.GetProperty("results").EnumerateArray());
        Assert.Equal("open", result.GetProperty("status_before").GetString());
        Assert.Equal("confirmed_safe", result.GetProperty("status").GetString());
        Assert.True(result.GetProperty("risk_before").GetDouble() > result.GetProperty("risk_after").GetDouble());
        Assert.True(result.GetProperty("patterns_learned").GetInt32() >= 3); // country, network, address range, client ...
        var (_, dismissed) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{bob}}]}""");
        Assert.Equal(0, dismissed.GetProperty("results")[0].GetProperty("patterns_learned").GetInt32());

        // The same pattern an hour later: learned for alice, still new for bob (dismiss learns nothing).
        await IngestAsync(service, SignIn("a-2", "alice", takeover.AddHours(1), usual: false) + "\n" + SignIn("b-2", "bob", takeover.AddHours(1), usual: false) + "\n");
        int bobScore = (await GetAsync(service.Client, $"/v1/alerts/{await AlertIdAsync(service, "b-2")}")).GetProperty("score").GetInt32();
        var aliceAlerts = (await GetAsync(service.Client, "/v1/alerts?identity=alice")).GetProperty("alerts").EnumerateArray().ToList();
        int aliceScore = aliceAlerts.FirstOrDefault(a => a.GetProperty("event_id").GetString() == "a-2") is { ValueKind: JsonValueKind.Object } a2 ? a2.GetProperty("score").GetInt32() : 0;
        Assert.True(aliceScore < bobScore - 15, $"alice {aliceScore}, bob {bobScore}");

        // Every action is in the audit log, and the identity view shows the alert's new status and the feedback.
        var view = await GetAsync(service.Client, "/v1/identities/alice");
        Assert.Contains(view.GetProperty("recent_decisions").EnumerateArray(), d => d.TryGetProperty("type", out var t) && t.GetString() == "alert_action"
            && d.GetProperty("action").GetString() == "confirm_safe" && d.GetProperty("alert_id").GetInt64() == alice && d.GetProperty("comment").GetString() == "new travel router");
        Assert.Equal("confirm_safe", view.GetProperty("recent_feedback")[0].GetProperty("kind").GetString());
        Assert.Contains(view.GetProperty("recent_alerts").EnumerateArray(), a => a.GetProperty("id").GetInt64() == alice && a.GetProperty("status").GetString() == "confirmed_safe");
    }

    [Fact]
    public async Task ConfirmSafe_OnAnImpossibleTravelAlert_AnswersThatItsPairWasLearned()
    {
        // Alice signs in at her office in London, then an hour later from Tokyo: the alert keeps the jump's two networks
        // (through the store's pattern and the journaled feedback), and confirm_safe makes them a known pair for her.
        await using var service = await StartAsync();
        await IngestAsync(service, History(["alice"]));
        var day = Start.AddDays(21);
        await IngestAsync(service, Located("office", day, "81.2.69.10", "GB", 2856, 51.51, -0.13) + "\n" + Located("tokyo", day.AddHours(1), "126.10.20.30", "JP", 17676, 35.68, 139.69) + "\n");
        var alert = await GetAsync(service.Client, $"/v1/alerts/{await AlertIdAsync(service, "tokyo")}");
        Assert.Contains(alert.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "VG1002");

        var (response, body) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"confirm_safe","ids":[{{alert.GetProperty("id").GetInt64()}}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("results")[0].GetProperty("travel_pair_learned").GetBoolean());
        static string Located(string id, DateTimeOffset time, string ip, string country, int asn, double lat, double lon) =>
            Line(id, "alice", time, ip, country, asn, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")
                .Replace($$"""{"country_iso_code":"{{country}}"}""", string.Create(CultureInfo.InvariantCulture, $$$"""{"country_iso_code":"{{{country}}}","location":{"lat":{{{lat}}},"lon":{{{lon}}}}}"""), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public async Task ConfirmSafe_SamePatternForThreePeople_BecomesNormalForAPeerWhoNeverSawIt(int confirmed, bool normal)
    {
        await using var service = await StartAsync();
        string[] users = ["u1", "u2", "u3", "u4"];
        await IngestAsync(service, History(users) + string.Concat(users.Take(confirmed).Select((u, i) => SignIn($"t-{u}", u, Start.AddDays(21).AddMinutes(i), usual: false) + "\n")));
        var ids = new List<long>();
        foreach (string u in users.Take(confirmed))
        {
            ids.Add(await AlertIdAsync(service, $"t-{u}"));
        }

        var (_, body) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"confirm_safe","ids":[{{string.Join(",", ids)}}]}""");
        Assert.Equal(normal, body.GetProperty("results")[confirmed - 1].GetProperty("group_patterns_learned").GetInt32() > 0);

        // u4 never signed in from there; an hour later it does.
        await IngestAsync(service, SignIn("t-u4", "u4", Start.AddDays(21).AddHours(1), usual: false) + "\n");
        var alerts = (await GetAsync(service.Client, "/v1/alerts?identity=u4")).GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(normal, alerts.Count == 0 || !alerts[0].GetProperty("reasons").EnumerateArray().Any(r => r.GetString() == "VG1001"));
    }

    [Fact]
    public async Task Dismiss_OneAlertOfAnIncident_ClosesTheIncidentsOpenAlerts()
    {
        await using var service = await StartAsync();
        await IngestAsync(service, History(["alice"]));
        var takeover = Start.AddDays(21);
        await IngestAsync(service, SignIn("a-1", "alice", takeover, usual: false) + "\n" + SignIn("a-2", "alice", takeover.AddMinutes(20), usual: false) + "\n");
        long first = await AlertIdAsync(service, "a-1"), second = await AlertIdAsync(service, "a-2");

        var (_, body) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{first}}]}""");
        var result = body.GetProperty("results")[0];
        Assert.Equal([first, second], result.GetProperty("changed_alerts").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(0, result.GetProperty("risk_after").GetDouble());
        var incident = await GetAsync(service.Client, $"/v1/incidents/{result.GetProperty("incident_id").GetInt64()}");
        Assert.Equal("resolved", incident.GetProperty("incident").GetProperty("status").GetString());
        Assert.All(incident.GetProperty("alerts").EnumerateArray(), a => Assert.Equal("dismissed", a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task ConfirmCompromised_ManyIds_EachAnsweredWithRiskRaised()
    {
        await using var service = await StartAsync();
        await IngestAsync(service, History(["alice", "bob"]));
        await IngestAsync(service, SignIn("a-1", "alice", Start.AddDays(21), usual: false) + "\n" + SignIn("b-1", "bob", Start.AddDays(21), usual: false) + "\n");
        long alice = await AlertIdAsync(service, "a-1"), bob = await AlertIdAsync(service, "b-1");

        var (response, body) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"confirm_compromised","ids":[{{alice}},{{bob}},{{alice}}]}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(1, r.GetProperty("risk_after").GetDouble()));
        Assert.All(results, r => Assert.Equal("confirmed_compromised", r.GetProperty("status").GetString()));
        Assert.Equal(2, (await GetAsync(service.Client, "/v1/alerts?status=confirmed_compromised")).GetProperty("alerts").GetArrayLength());
    }

    [Theory]
    [InlineData("""[1]""", "the body")]
    [InlineData("""{"action":"forget","ids":[1]}""", "action")]
    [InlineData("""{"action":"dismiss"}""", "ids")]
    [InlineData("""{"action":"dismiss","ids":[]}""", "ids")]
    [InlineData("""{"action":"dismiss","ids":"1"}""", "ids")]
    [InlineData("""{"action":"dismiss","ids":[1,"2"]}""", "ids[1]")]
    [InlineData("""{"action":"dismiss","ids":[1.5]}""", "ids[0]")]
    [InlineData("""{"action":"dismiss","ids":[0]}""", "ids[0]")]
    [InlineData("""{"action":"dismiss","ids":[1],"comment":7}""", "comment")]
    public async Task Actions_MalformedBody_Is400NamingTheField(string json, string field)
    {
        await using var service = await StartAsync();
        var (response, problem) = await service.PostJsonAsync("/v1/alerts/actions", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_TooManyIdsOrAnUnknownOne_AreRefusedAndNothingIsDone()
    {
        await using var service = await StartAsync();
        await IngestAsync(service, History(["alice"]) + SignIn("a-1", "alice", Start.AddDays(21), usual: false) + "\n");
        long alice = await AlertIdAsync(service, "a-1");

        string many = string.Join(",", Enumerable.Range(1, 101));
        Assert.Equal(HttpStatusCode.BadRequest, (await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{many}}]}""")).Response.StatusCode);
        var (response, problem) = await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{alice}},777]}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("ids[1]", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", (await GetAsync(service.Client, $"/v1/alerts/{alice}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Scopes_ReadListsAnalystActsAndATenantBoundKeySeesOnlyItsTenant()
    {
        await using var service = await StartAsync();
        var declare = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name = "ingest-b", scopes = new[] { "ingest" } });
        declare.EnsureSuccessStatusCode();
        await IngestAsync(service, History(["alice"]) + History(["carol"], tenant: "acme")
            + SignIn("a-1", "alice", Start.AddDays(21), usual: false) + "\n" + SignIn("acme-c-1", "carol", Start.AddDays(21), usual: false, tenant: "acme") + "\n");
        long alice = await AlertIdAsync(service, "a-1"), carol = await AlertIdAsync(service, "acme-c-1");

        using var reader = service.ClientWithKey(await service.CreateKeyAsync("viewer", "read"));
        using var ingester = service.ClientWithKey(await service.CreateKeyAsync("shipper", "ingest"));
        using var acmeAnalyst = service.ClientWithKey(await KeyAsync(service, "acme-analyst", "acme", "analyst"));

        Assert.Equal(2, (await GetAsync(reader, "/v1/alerts")).GetProperty("alerts").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, (await ingester.GetAsync("/v1/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{alice}}]}""", reader)).Response.StatusCode);

        var acme = (await GetAsync(acmeAnalyst, "/v1/alerts")).GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(carol, Assert.Single(acme).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await acmeAnalyst.GetAsync("/v1/alerts?tenant=default")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await acmeAnalyst.GetAsync($"/v1/alerts/{alice}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{alice}}]}""", acmeAnalyst)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/alerts/actions", $$"""{"action":"dismiss","ids":[{{carol}}]}""", acmeAnalyst)).Response.StatusCode);
        Assert.Equal("open", (await GetAsync(service.Client, $"/v1/alerts/{alice}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.ClientWithKey("vgk_nope").GetAsync("/v1/alerts")).StatusCode);
    }

    [Theory]
    [InlineData("high", 65)]
    [InlineData("LOW", 20)]
    [InlineData("55", 55)]
    public void Parse_AlertLevel_TakesALevelOrAScore(string value, int expected)
    {
        var options = ServerArguments.Parse(["--data-dir", "d", "--alert-level", value, "--alert-retention-days", "7", "--max-alerts", "5000"], out var problems);
        Assert.Empty(problems);
        Assert.Equal(expected, options.AlertMinScore);
        Assert.Equal(7, options.AlertRetentionDays);
        Assert.Equal(5000, options.MaxAlerts);
    }

    [Theory]
    [InlineData("--alert-level", "severe", "--alert-level 'severe'")]
    [InlineData("--alert-level", "0", "--alert-level is 0")]
    [InlineData("--alert-level", "101", "--alert-level is 101")]
    [InlineData("--alert-retention-days", "0", "--alert-retention-days is 0")]
    [InlineData("--max-alerts", "10", "--max-alerts is 10")]
    public void Parse_BadAlertSetting_NamesIt(string name, string value, string expected)
    {
        var options = ServerArguments.Parse(["--data-dir", TempDir.Create(), name, value], out var problems);
        Assert.Contains(problems.Concat(options.Validate()), p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    /// <summary>The service with its clock just after the takeovers: identity risk is read at the service's time, as an analyst acting live would.</summary>
    internal static Task<TestService> StartAsync(Action<ServerOptions>? configure = null) => TestService.StartAsync(o =>
    {
        o.Time = new FakeTimeProvider(Start.AddDays(21).AddHours(3));
        configure?.Invoke(o);
    });

    internal static async Task<long> AlertIdAsync(TestService service, string eventId)
    {
        var alerts = (await GetAsync(service.Client, "/v1/alerts?limit=500")).GetProperty("alerts").EnumerateArray();
        return alerts.Single(a => a.GetProperty("event_id").GetString() == eventId).GetProperty("id").GetInt64();
    }

    private static async Task<string> KeyAsync(TestService service, string name, string tenant, params string[] scopes)
    {
        var response = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name, scopes, tenant });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
