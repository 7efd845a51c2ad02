using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Authzen;

/// <summary>
/// Issue 11, defect 6: an evaluate-scope caller must not teach the engine. Only ingestion (ingest scope) may report an
/// MFA result that releases held-out sign-ins, and an evaluation's event id can never claim an ingested event's id.
/// </summary>
public sealed class LearningSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string SignIn(string id, DateTimeOffset at, string ip, string country, double lat, double lon, int asn) =>
        $$$"""{"@timestamp":"{{{Time(at)}}}","event":{"id":"{{{id}}}","action":"sign-in","outcome":"success"},"user":{"id":"alice"},"source":{"ip":"{{{ip}}}","as":{"number":{{{asn}}}},"geo":{"country_iso_code":"{{{country}}}","location":{"lat":{{{lat.ToString(CultureInfo.InvariantCulture)}}},"lon":{{{lon.ToString(CultureInfo.InvariantCulture)}}} }} },"user_agent":{"original":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},"device":{"id":"alice-laptop"}}""";

    private static async Task Ingest(TestService service, HttpClient client, string ndjson)
    {
        var response = await client.PostAsync("/v1/events", new StringContent(ndjson, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>An observed evaluation for someone else: the single writer applies in journal order, so once it is answered everything ingested before it is learned.</summary>
    private static async Task Barrier(TestService service)
    {
        var (response, _) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"barrier"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"10.0.0.1","time":"2026-03-20T08:00:00Z"}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<int> Held(TestService service)
    {
        await Barrier(service);
        var view = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/identities/alice")).RootElement;
        return view.GetProperty("state").GetProperty("held_observations").GetInt32();
    }

    /// <summary>Two weeks of office sign-ins from Berlin, then one from Lagos an hour later: risky, so held out.</summary>
    private static async Task<int> HistoryAndARiskySignIn(TestService service)
    {
        var lines = new StringBuilder();
        for (int day = 0; day < 14; day++)
        {
            lines.AppendLine(SignIn("h" + day, Start.AddDays(day), "81.2.69.10", "DE", 52.52, 13.40, 3320));
        }

        lines.AppendLine(SignIn("risky", Start.AddDays(13).AddHours(1), "102.89.4.7", "NG", 6.45, 3.39, 29465));
        await Ingest(service, service.Client, lines.ToString());
        int held = await Held(service);
        Assert.True(held > 0, "the Lagos sign-in should be held out of the baseline");
        return held;
    }

    [Fact]
    public async Task Evaluation_ApprovedMfaInContext_ReleasesNothing()
    {
        await using var service = await TestService.StartAsync();
        int held = await HistoryAndARiskySignIn(service);
        using var gateway = service.ClientWithKey(await service.CreateKeyAsync("gateway", "evaluate"));
        string at = Time(Start.AddDays(13).AddHours(1).AddMinutes(2));

        var (asMfa, problem) = await service.PostJsonAsync("/access/v1/evaluation",
            $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"event_action":"mfa","mfa_result":"approved","ip":"102.89.4.7","time":"{{{at}}}"}}""", gateway);
        Assert.Equal(HttpStatusCode.BadRequest, asMfa.StatusCode);
        Assert.Contains("context.event_action", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (asAccess, _) = await service.PostJsonAsync("/access/v1/evaluation",
            $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"mfa_result":"approved","mfa_method":"push","ip":"102.89.4.7","time":"{{{at}}}"}}""", gateway);
        Assert.Equal(HttpStatusCode.OK, asAccess.StatusCode);

        Assert.True(await Held(service) >= held, "an evaluation's context released held sign-ins into the baseline");
    }

    [Fact]
    public async Task Ingest_ApprovedMfaFromTheIngestScope_ReleasesHeldSignIns()
    {
        // The authenticated source that may: the identity provider's own MFA event, through ingestion.
        await using var service = await TestService.StartAsync();
        await HistoryAndARiskySignIn(service);
        using var collector = service.ClientWithKey(await service.CreateKeyAsync("idp", "ingest"));
        string at = Time(Start.AddDays(13).AddHours(1).AddMinutes(2));
        await Ingest(service, collector,
            $$$"""{"@timestamp":"{{{at}}}","event":{"id":"mfa-1","action":"mfa"},"user":{"id":"alice"},"labels":{"mfa_method":"push","mfa_result":"approved"},"source":{"ip":"102.89.4.7"}}""" + "\n");
        Assert.Equal(0, await Held(service));
    }

    [Fact]
    public async Task Evaluation_EventIdOfAFutureIngestedEvent_DoesNotSuppressIt()
    {
        await using var service = await TestService.StartAsync();
        using var gateway = service.ClientWithKey(await service.CreateKeyAsync("gateway", "evaluate"));
        var (claimed, _) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"81.2.69.10","event_id":"idp-42","time":"2026-03-02T08:00:00Z"}}""", gateway);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);

        var response = await service.Client.PostAsync("/v1/events", new StringContent(
            SignIn("idp-42", Start.AddMinutes(1), "81.2.69.10", "DE", 52.52, 13.40, 3320), Encoding.UTF8, "application/x-ndjson"));
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(0, summary.GetProperty("duplicates").GetInt32());

        // The evaluation's own retries are still learned once.
        var (_, retry) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"81.2.69.10","event_id":"idp-42","time":"2026-03-02T08:00:00Z"}}""", gateway);
        Assert.False(retry.GetProperty("context").TryGetProperty("journal_seq", out _));
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(2, store.ReadJournal(0).Count);
    }
}
