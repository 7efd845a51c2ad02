using System.Net;
using System.Text;
using Vigil.Server.AnalystConsole;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The console's pages over HTTP with API keys (automation), no browser: access, headers, filters, encoding, actions.</summary>
public sealed class ConsolePageTests
{
    private static async Task<TestService> StartWithTourAsync()
    {
        var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now));
        string tour = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));
        var ingest = await service.Client.PostAsync("/v1/events", new StringContent(tour, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, ingest.StatusCode);
        await ((Vigil.Server.Hosting.EngineHost)service.Services.GetService(typeof(Vigil.Server.Hosting.EngineHost))!).WhenCaughtUpAsync();
        return service;
    }

    [Fact]
    public async Task Identities_WithReadKey_ListsTheTourVictimsRiskiestFirst_WithStrictHeaders()
    {
        await using var service = await StartWithTourAsync();
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        var response = await viewer.GetAsync("/console/identities");
        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(ConsoleGate.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        int alice = html.IndexOf(">alice</a>", StringComparison.Ordinal), bob = html.IndexOf(">bob</a>", StringComparison.Ordinal);
        Assert.True(alice > 0 && bob > 0, html);
        Assert.True(alice < bob, "alice (impossible travel) is riskier than bob (MFA fatigue)");
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal); // the only script is the external console.js

        // Filters: high and above; a level that does not exist is a 400 naming the field.
        string high = await viewer.GetStringAsync("/console/identities?level=high");
        Assert.Contains(">alice</a>", high, StringComparison.Ordinal);
        Assert.DoesNotContain(">bob</a>", high, StringComparison.Ordinal);
        Assert.Contains("No identity matches", await viewer.GetStringAsync("/console/identities?kind=workload"), StringComparison.Ordinal);
        var bad = await viewer.GetAsync("/console/identities?level=severe");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("level: must be low, medium, high or critical", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/console/identities?page=0")).StatusCode);
    }

    [Fact]
    public async Task Console_WithoutCaller_SendsGetsToSignInAndRefusesPosts_WithoutAServerError()
    {
        await using var service = await TestService.StartAsync();
        using var nobody = service.ClientWithKey("");
        nobody.DefaultRequestHeaders.Remove("X-API-Key");
        var get = await nobody.GetAsync("/console/identity?id=alice");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/console/sign-in?return=%2Fconsole%2Fidentity%3Fid%3Dalice", get.Headers.Location!.OriginalString);
        var post = await nobody.PostAsync("/console/identity/feedback", new FormUrlEncodedContent([new("id", "alice"), new("kind", "confirm_safe")]));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        var signIn = await nobody.GetAsync("/console/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // no provider configured: says so
        Assert.Contains("--console-client-id", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await nobody.GetAsync("/console/assets/console.css")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nobody.GetAsync("/console/assets/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task Act_WithAnalystKey_ChangesRiskAndRecordsTheActor_AReadKeyIsRefused()
    {
        await using var service = await StartWithTourAsync();
        using var reader = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc-bot", "read", "analyst"));
        var form = new FormUrlEncodedContent([new("id", "bob"), new("kind", "confirm_compromised")]);

        var refused = await reader.PostAsync("/console/identity/feedback", form);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, await refused.Content.ReadAsStringAsync());
        Assert.Contains("needs the &#x27;analyst&#x27; scope", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var done = await analyst.PostAsync("/console/identity/feedback", new FormUrlEncodedContent([new("id", "bob"), new("kind", "confirm_compromised")]));
        string html = await done.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("→ 1.00", html, StringComparison.Ordinal); // confirmed compromised pins the risk at the top
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Contains(store.ReadFeedback("bob", 10), f => f.Kind == "confirm_compromised" && f.Actor == "console:soc-bot");

        var badKind = await analyst.PostAsync("/console/identity/feedback", new FormUrlEncodedContent([new("id", "bob"), new("kind", "not_me")]));
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Contains("kind: must be", await badKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notForm = await analyst.PostAsync("/console/identity/feedback", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notForm.StatusCode);
    }

    [Fact]
    public async Task Identity_WithMarkupInItsId_IsShownEncoded_AndAnUnknownOneIs404()
    {
        await using var service = await TestService.StartAsync();
        const string hostile = "<script>alert(1)</script>";
        string question = "{\"subject\":{\"type\":\"user\",\"id\":\"" + hostile.Replace("/", "\\/", StringComparison.Ordinal) + "\"},\"action\":{\"name\":\"read\"},\"resource\":{\"type\":\"doc\",\"id\":\"d\"}}";
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", question)).Response.StatusCode);
        var page = await service.Client.GetAsync("/console/identity?id=" + Uri.EscapeDataString(hostile));
        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain(hostile, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/console/identity?id=nobody")).StatusCode);
        var missing = await service.Client.GetAsync("/console/identity");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("id: give the identity", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decisions_SearchBySubjectResourceAndOutcome_AndTheChainVerifies()
    {
        await using var service = await TestService.StartAsync();
        foreach (var (subject, resource) in new[] { ("alice", "ledger"), ("bob", "wiki"), ("alice", "wiki") })
        {
            string question = "{\"subject\":{\"type\":\"user\",\"id\":\"" + subject + "\"},\"action\":{\"name\":\"read\"},\"resource\":{\"type\":\"app\",\"id\":\"" + resource + "\"}}";
            Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", question)).Response.StatusCode);
        }

        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        string all = await viewer.GetStringAsync("/console/decisions");
        Assert.Contains("3 decisions", all, StringComparison.Ordinal);
        Assert.Contains("Head anchor", all, StringComparison.Ordinal);
        Assert.DoesNotContain("/console/decisions/verify", all, StringComparison.Ordinal); // verifying is for admins
        string alice = await viewer.GetStringAsync("/console/decisions?subject=alice&resource=WIKI");
        Assert.Contains("1 decisions", alice, StringComparison.Ordinal);
        Assert.Contains("app wiki", alice, StringComparison.Ordinal);
        Assert.Contains("0 decisions", await viewer.GetStringAsync("/console/decisions?outcome=deny"), StringComparison.Ordinal);
        Assert.Contains("0 decisions", await viewer.GetStringAsync("/console/decisions?to=2000-01-01T00:00"), StringComparison.Ordinal);
        var bad = await viewer.GetAsync("/console/decisions?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from: a UTC time", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/console/decisions?outcome=maybe")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/console/decisions/verify", new FormUrlEncodedContent([]))).StatusCode);
        var verified = await service.Client.PostAsync("/console/decisions/verify", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Contains("The chain is intact: 3 records checked", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_AfterTheTour_ShowsTheIngestionRateBacklogConnectorsAndStreams()
    {
        await using var service = await StartWithTourAsync();
        using var viewer = service.ClientWithKey(await service.CreateKeyAsync("dashboard", "read"));
        string html = await viewer.GetStringAsync("/console/operations");
        Assert.Contains("<dt>Events accepted, last hour</dt><dd>200</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Backlog (journaled, not yet learned)</dt><dd>0 of at most", html, StringComparison.Ordinal);
        Assert.Contains("No pull connector is configured", html, StringComparison.Ordinal);
        Assert.Contains("No receiver has created a stream", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConsoleClientWithoutProviderOrPublicUrl_NamesBothSettings()
    {
        var options = ServerArguments.Parse(["--data-dir", "x", "--console-client-id", "console", "--console-session-minutes", "2"], out var parseErrors);
        Assert.Empty(parseErrors);
        var errors = options.Validate();
        Assert.Contains(errors, e => e.StartsWith("--console-client-id needs --jwt-authority", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--console-client-id needs --public-base-url", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--console-session-minutes is 2", StringComparison.Ordinal));
    }

    [Fact]
    public void SafeReturn_OtherSitesAndSchemeRelativePaths_BecomeTheStartPage()
    {
        Assert.Equal("/console/identities?level=high", SignInEndpoints.SafeReturn("/console/identities?level=high"));
        Assert.Equal("/console/", SignInEndpoints.SafeReturn("https://evil.example/console"));
        Assert.Equal("/console/", SignInEndpoints.SafeReturn("//evil.example/console"));
        Assert.Equal("/console/", SignInEndpoints.SafeReturn("/console\\..\\evil"));
        Assert.Equal("/console/", SignInEndpoints.SafeReturn(null));
    }
}
