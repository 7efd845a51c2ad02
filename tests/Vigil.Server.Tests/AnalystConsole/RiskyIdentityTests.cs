using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vigil.Core.Scoring;
using Vigil.Server.AnalystConsole;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The risky-identities list: its trend against 24 h and 7 days ago, and bulk actions through the feedback path.</summary>
public sealed class RiskyIdentityTests
{
    private const long DayMs = 86_400_000L;

    private static async Task<TestService> StartWithTourAsync()
    {
        var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now));
        string tour = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));
        var ingest = await service.Client.PostAsync("/v1/events", new StringContent(tour, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        await ((EngineHost)service.Services.GetService(typeof(EngineHost))!).WhenCaughtUpAsync();
        return service;
    }

    private static DecisionRow Decision(long timeMs, int score, string level) =>
        new(1, "d", timeMs, "alice", null, "read", "app", "wiki", "permit", null, "enforce", score, level, [], 1);

    [Fact]
    public void From_DecisionsOverAWeek_LevelsThenAndDailyHighest()
    {
        long now = ConsoleHost.Now.ToUnixTimeMilliseconds();
        var trend = IdentityTrend.From(
            [Decision(now - 1_000, 90, "critical"), Decision(now - (2 * DayMs), 45, "medium"), Decision(now - (2 * DayMs) - 1, 70, "high"), Decision(now - (8 * DayMs), 10, "none"), Decision(now - 5, 0, "")],
            now);
        Assert.Equal(RiskLevel.Medium, trend.DayAgo); // the newest decision at least 24 h old
        Assert.Equal(RiskLevel.None, trend.WeekAgo);
        Assert.Equal([-1, -1, -1, -1, 70, -1, 90], trend.DailyMax); // oldest first: 2 days ago the higher of two, today 90; a record without a level is skipped
        Assert.Equal("↑", IdentityTrend.Arrow(trend.DayAgo, RiskLevel.High));
        Assert.Equal("↓", IdentityTrend.Arrow(RiskLevel.Critical, RiskLevel.High));
        Assert.Equal("→", IdentityTrend.Arrow(RiskLevel.High, RiskLevel.High));
        Assert.Equal("", IdentityTrend.Arrow(null, RiskLevel.High));
        Assert.Equal("up from medium 24 h ago", IdentityTrend.Words(trend.DayAgo, RiskLevel.High, "24 h"));

        var empty = IdentityTrend.From([], now);
        Assert.Null(empty.DayAgo);
        Assert.Null(empty.WeekAgo);
        Assert.All(empty.DailyMax, v => Assert.Equal(-1, v));
    }

    [Fact]
    public async Task Identities_WithDecisionsDaysApart_ShowTheTrendAndASparkline()
    {
        await using var service = await StartWithTourAsync();
        // alice decided 8 days, 2 days and a moment ago (event times): her trend has all three.
        foreach (long daysAgo in new long[] { 8, 2, 0 })
        {
            string time = ConsoleHost.Now.AddDays(-daysAgo).AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            string question = $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"app","id":"wiki"},"context":{"time":"{{{time}}}"}}""";
            Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", question)).Response.StatusCode);
        }

        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        string html = await viewer.GetStringAsync("/console/identities");
        int alice = html.IndexOf(">alice</a>", StringComparison.Ordinal);
        string row = html[alice..html.IndexOf("</tr>", alice, StringComparison.Ordinal)];
        Assert.Contains("<th scope=\"col\">Trend</th>", html, StringComparison.Ordinal);
        Assert.Contains("24 h ago", row, StringComparison.Ordinal);
        Assert.Contains("7 days ago", row, StringComparison.Ordinal);
        Assert.DoesNotContain("no decision from 7 days ago", row, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"spark\" role=\"img\"", row, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(row, "spark-none")); // 7 days, two with a decision
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal); // the CSP forbids inline style

        // bob has no decision: his trend is unknown, said in words.
        int bob = html.IndexOf(">bob</a>", StringComparison.Ordinal);
        Assert.Contains("no decision from 24 h ago", html[bob..html.IndexOf("</tr>", bob, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Act_AnalystDismissesSeveral_EachClearedAndRecordedWithTheActor_ViewerRefused()
    {
        await using var service = await StartWithTourAsync();
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc-bot", "read", "analyst"));
        var engine = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        string tenant = engine.Engine.Options.DefaultTenant;
        string alice = IdentityPages.BulkValue(tenant, "alice"), bob = IdentityPages.BulkValue(tenant, "bob");

        Assert.DoesNotContain("name=\"ids\"", await viewer.GetStringAsync("/console/identities"), StringComparison.Ordinal); // no selection for a viewer
        string offered = await analyst.GetStringAsync("/console/identities");
        Assert.Contains("value=\"" + alice + "\"", offered, StringComparison.Ordinal);
        Assert.Contains("action=\"/console/identities/act\"", offered, StringComparison.Ordinal);

        FormUrlEncodedContent Form(string action, params string[] ids) => new([new("action", action), .. ids.Select(i => new KeyValuePair<string, string>("ids", i))]);
        var refused = await viewer.PostAsync("/console/identities/act", Form("dismiss", alice, bob));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("needs the &#x27;analyst&#x27; scope", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // One bad value refuses them all before anything is done.
        var bad = await analyst.PostAsync("/console/identities/act", Form("dismiss", alice, "alice"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ids: &#x27;alice&#x27; is not a tenant and identity from the list; nothing was done.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await service.StoreAfterAuditFlushAsync()).ReadFeedback("alice", 10));
        Assert.Contains("action: confirm_safe, dismiss or confirm_compromised", await (await analyst.PostAsync("/console/identities/act", Form("not_me", alice))).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsync("/console/identities/act", Form("dismiss"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsync("/console/identities/act", Form("dismiss", [.. Enumerable.Range(0, 51).Select(i => IdentityPages.BulkValue(tenant, "u" + i))]))).StatusCode);

        var done = await analyst.PostAsync("/console/identities/act", Form("dismiss", alice, bob));
        string html = await done.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("dismiss on 2 identities", html, StringComparison.Ordinal);
        Assert.Contains("alice (" + tenant + "): dismiss recorded: identity risk", html, StringComparison.Ordinal);
        Assert.Contains("bob (" + tenant + "): dismiss recorded: identity risk", html, StringComparison.Ordinal);
        Assert.Contains("→ 0.00", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">alice</a>", html, StringComparison.Ordinal); // no longer risky, so no longer listed
        var store = await service.StoreAfterAuditFlushAsync();
        foreach (string who in new[] { "alice", "bob" })
        {
            Assert.Contains(store.ReadFeedback(who, 10), f => f.Kind == "dismiss" && f.Actor == "console:soc-bot");
        }
    }

    [Fact]
    public async Task Act_KeyBoundToATenant_IsRefusedInAnother_AndListsOnlyItsOwn()
    {
        await using var service = await StartWithTourAsync();
        var created = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name = "soc-contoso", scopes = new[] { "read", "analyst" }, tenant = "contoso" });
        created.EnsureSuccessStatusCode();
        using var contoso = service.ClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
        var engine = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        string tenant = engine.Engine.Options.DefaultTenant;

        Assert.Contains("No identity matches", await contoso.GetStringAsync("/console/identities"), StringComparison.Ordinal); // the tour is in the default tenant
        Assert.Equal(HttpStatusCode.Forbidden, (await contoso.GetAsync("/console/identities?tenant=" + tenant)).StatusCode);
        var refused = await contoso.PostAsync("/console/identities/act", new FormUrlEncodedContent([new("action", "confirm_safe"), new("ids", IdentityPages.BulkValue(tenant, "alice"))]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("nothing was done", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var single = await contoso.PostAsync("/console/identity/feedback", new FormUrlEncodedContent([new("id", "alice"), new("kind", "confirm_safe")]));
        Assert.Equal(HttpStatusCode.Forbidden, single.StatusCode);
        Assert.Empty((await service.StoreAfterAuditFlushAsync()).ReadFeedback("alice", 10));
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
