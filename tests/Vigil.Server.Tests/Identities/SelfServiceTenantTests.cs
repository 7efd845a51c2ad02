using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vigil.Server.Tests.Identities;

/// <summary>Issue 11, defect 8: self-service (own identity view, "not_me") is bound to the tenant the caller's key carries.</summary>
public sealed class SelfServiceTenantTests
{
    private static string Observed(string tenant) =>
        $$$"""{"subject":{"type":"user","id":"alice","properties":{"tenant":"{{{tenant}}}"}},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","time":"2026-03-02T08:00:00Z"}}""";

    /// <summary>
    /// Creates the tenants by ingestion (an evaluation never creates one, issue 11 defect 3) and waits until the engine
    /// holds them, so the evaluations that follow are learned.
    /// </summary>
    private static async Task TenantsAsync(TestService service, params string[] tenants)
    {
        string lines = string.Join('\n', tenants.Select(t =>
            $$$"""{"@timestamp":"2026-03-02T07:00:00Z","event":{"action":"sign-in","outcome":"success"},"user":{"id":"seed"},"labels":{"tenant":"{{{t}}}"},"source":{"ip":"81.2.69.10"}}"""));
        var response = await service.Client.PostAsync("/v1/events", new StringContent(lines, System.Text.Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var host = (Vigil.Server.Hosting.EngineHost)service.Services.GetService(typeof(Vigil.Server.Hosting.EngineHost))!;
        for (int i = 0; i < 600 && host.Pending != 0; i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task<string> KeyAsync(TestService service, string name, string? tenant)
    {
        var response = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name, scopes = new[] { "feedback" }, tenant });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    [Fact]
    public async Task Feedback_NotMeForTheSameNameInAnotherTenant_IsRefused()
    {
        await using var service = await TestService.StartAsync();
        await TenantsAsync(service, "globex", "acme");
        var (_, other) = await service.PostJsonAsync("/access/v1/evaluation", Observed("globex"));
        string otherDecision = other.GetProperty("context").GetProperty("decision_id").GetString()!;
        await service.PostJsonAsync("/access/v1/evaluation", Observed("acme"));
        using var alice = service.ClientWithKey(await KeyAsync(service, "alice", "acme"));

        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"alice","tenant":"globex"}""", alice)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/feedback", $$"""{"kind":"not_me","decision_id":"{{otherDecision}}"}""", alice)).Response.StatusCode);

        // Without a tenant the feedback lands in the key's tenant, never the one the body names or the default one.
        var (ok, body) = await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"alice"}""", alice);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal("acme", Assert.Single(store.ReadFeedback("alice")).Tenant);
        Assert.True(body.GetProperty("applied").GetBoolean());
    }

    [Fact]
    public async Task View_OwnNameInAnotherTenant_IsRefusedAndOwnTenantShowsOnlyItsDecisions()
    {
        await using var service = await TestService.StartAsync();
        await TenantsAsync(service, "globex", "acme");
        await service.PostJsonAsync("/access/v1/evaluation", Observed("globex"));
        await service.PostJsonAsync("/access/v1/evaluation", Observed("acme"));
        using var alice = service.ClientWithKey(await KeyAsync(service, "alice", "acme"));

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/identities/alice?tenant=globex")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/identities/alice?tenant=default")).StatusCode);

        var view = JsonDocument.Parse(await alice.GetStringAsync("/v1/identities/alice")).RootElement;
        Assert.Equal("acme", view.GetProperty("tenant").GetString());
        var decision = Assert.Single(view.GetProperty("recent_decisions").EnumerateArray());
        Assert.Equal("acme", decision.GetProperty("tenant").GetString());

        // An admin still sees any tenant.
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/v1/identities/alice?tenant=globex")).StatusCode);
    }

    [Fact]
    public async Task Key_WithoutTenant_IsBoundToTheDefaultTenant()
    {
        await using var service = await TestService.StartAsync();
        await TenantsAsync(service, "globex");
        await service.PostJsonAsync("/access/v1/evaluation", Observed("globex"));
        using var alice = service.ClientWithKey(await KeyAsync(service, "alice", null));
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/identities/alice?tenant=globex")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"alice","tenant":"globex"}""", alice)).Response.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"alice","scopes":["feedback"],"tenant":""}""")]
    [InlineData("""{"name":"alice","scopes":["feedback"],"tenant":7}""")]
    public async Task CreateKey_BadTenant_Returns400NamingIt(string json)
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/v1/admin/api-keys", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("tenant", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
