using System.Net;
using System.Text;
using Vigil.Core.Supervised;
using Vigil.Server.AnalystConsole;
using Vigil.Server.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The Operations page: challenge rate per day from the audit log, and the supervised models with their shadow metrics.</summary>
public sealed class OperationsPageTests
{
    private static string Question(string subject, DateTimeOffset at) =>
        $$$"""{"subject":{"type":"user","id":"{{{subject}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","time":"{{{at.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)}}}"}}""";

    [Fact]
    public async Task Operations_DecisionsOnTwoDays_ChallengeRatePerDayCountsTheChallenged()
    {
        await using var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now));
        // Yesterday: two permits. Today: one permit, then alice confirmed compromised, whose next access is challenged.
        foreach (var (who, at) in new[] { ("alice", ConsoleHost.Now.AddDays(-1)), ("bob", ConsoleHost.Now.AddDays(-1)), ("alice", ConsoleHost.Now.AddMinutes(-2)) })
        {
            Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Question(who, at))).Response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_compromised","identity":"alice"}""")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Question("alice", ConsoleHost.Now.AddMinutes(-1)))).Response.StatusCode);

        var store = await service.StoreAfterAuditFlushAsync();
        var (decisions, challenged, read, complete) = OperationsPage.CountChallenges(store, ConsoleHost.Now.ToUnixTimeMilliseconds());
        Assert.Equal(4, read);
        Assert.True(complete);
        Assert.Equal((2L, 0L), (decisions[^2], challenged[^2]));
        Assert.Equal((2L, 1L), (decisions[^1], challenged[^1]));

        string html = await service.Client.GetStringAsync("/console/operations");
        Assert.Contains("Challenge rate per day", html, StringComparison.Ordinal);
        string today = ConsoleHost.Now.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(today + " 50", html, StringComparison.Ordinal); // the chart's text alternative: 50% today
        Assert.Contains("No model is stored", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/console/operations/shadow", html, StringComparison.Ordinal); // nothing to measure
    }

    [Fact]
    public async Task Operations_ModelInForceAndShadow_ListedAndAnAnalystMeasuresThem_AViewerMayNot()
    {
        string data = TempDir.Create();
        using (var store = VigilStore.Open(data, TimeProvider.System))
        {
            using var bytes = new MemoryStream();
            SupervisedModel.Starter.Write(bytes);
            store.PromoteModel(store.AddModel("starter", bytes.ToArray(), "test", "the built-in model"), "test", null);
            store.AddModel("candidate", bytes.ToArray(), "test", "retrained"); // the newest waits in shadow
        }

        await using var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now), dataDir: data);
        string tour = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, (await service.Client.PostAsync("/v1/events", new StringContent(tour, Encoding.UTF8, "application/x-ndjson"))).StatusCode);
        await ((EngineHost)service.Services.GetService(typeof(EngineHost))!).WhenCaughtUpAsync();
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc-bot", "read", "analyst"));

        string seen = await viewer.GetStringAsync("/console/operations");
        Assert.Contains("<td>2</td><td>shadow</td><td>candidate</td>", seen, StringComparison.Ordinal);
        Assert.Contains("<td>1</td><td>in force</td><td>starter</td>", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("/console/operations/shadow", seen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/console/operations/shadow", new FormUrlEncodedContent([]))).StatusCode);

        Assert.Contains("/console/operations/shadow", await analyst.GetStringAsync("/console/operations"), StringComparison.Ordinal);
        var measured = await analyst.PostAsync("/console/operations/shadow", new FormUrlEncodedContent([]));
        string html = await measured.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, measured.StatusCode);
        Assert.True(html.Contains("200 recent events replayed", StringComparison.Ordinal), html[html.IndexOf("id=\"models\"", StringComparison.Ordinal)..]);
        // The same model in force and in shadow: they agree everywhere. No alert was judged, so no ranking measure.
        Assert.Contains("They agree at 0.5 on 100.0% of the scored events; mean absolute difference 0.000", html, StringComparison.Ordinal);
        Assert.Contains("ranking measures need at least one of each", html, StringComparison.Ordinal);
        TempDir.Delete(data);
    }

    [Fact]
    public void RankingMeasures_KnownOrders_ExactValues()
    {
        (double, bool)[] perfect = [(0.9, true), (0.8, true), (0.2, false), (0.1, false)];
        Assert.Equal(1.0, ShadowReplay.RocAuc(perfect));
        Assert.Equal(1.0, ShadowReplay.AveragePrecision(perfect));
        (double, bool)[] mixed = [(0.9, true), (0.8, false), (0.7, true), (0.1, false)];
        Assert.Equal(0.75, ShadowReplay.RocAuc(mixed)); // 3 of the 4 attack/non-attack pairs in order
        Assert.Equal((1.0 + (2.0 / 3)) / 2, ShadowReplay.AveragePrecision(mixed), 12);
        (double, bool)[] tied = [(0.5, true), (0.5, false)];
        Assert.Equal(0.5, ShadowReplay.RocAuc(tied)); // a tie counts half
        Assert.Equal(0.5, ShadowReplay.AveragePrecision(tied)); // the non-attack is ranked first among equals
    }
}
