using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vigil.Server.Tests.Risk;

/// <summary>
/// <c>GET /v1/risk/{id}</c>, Vigil as a policy information point (issue 18, item 2): another PDP reads an identity's
/// current risk and the assurance Vigil's policy needs, cacheable with an ETag, authorised by the evaluate scope.
/// </summary>
public sealed class RiskEndpointTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","session_id":"s-alice","event_id":"ev-1","time":"2026-03-02T08:00:00Z"}}""";

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Risk_CompromisedIdentity_ReportsHighRiskItsReasonsAndTheAssuranceNeeded()
    {
        await using var service = await TestService.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed)).Response.StatusCode);
        var (feedback, _) = await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"alice"}""");
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);
        using var pdp = service.ClientWithKey(await service.CreateKeyAsync("opa", "evaluate"));

        var response = await pdp.GetAsync("/v1/risk/alice?action=delete&resource_type=doc&resource_id=payroll");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var risk = await Json(response);
        Assert.Equal("alice", risk.GetProperty("id").GetString());
        Assert.Equal("default", risk.GetProperty("tenant").GetString());
        Assert.True(risk.GetProperty("known").GetBoolean());
        Assert.Equal("high", risk.GetProperty("level").GetString());
        Assert.InRange(risk.GetProperty("identity_risk").GetDouble(), 0.6, 0.7);
        Assert.Contains(risk.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "VG1903");
        Assert.NotEqual("permit", risk.GetProperty("assurance").GetProperty("outcome").GetString());
        Assert.True(risk.GetProperty("policy_version").GetInt64() >= 0);

        // Cacheable briefly, per caller, and revalidated with the ETag.
        Assert.True(response.Headers.CacheControl!.Private);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.CacheControl.MaxAge);
        var etag = response.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, "/v1/risk/alice?action=delete&resource_type=doc&resource_id=payroll");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await pdp.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Risk_UnknownIdentity_IsAnsweredWithoutCreatingIt()
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.GetAsync("/v1/risk/nobody");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var risk = await Json(response);
        Assert.False(risk.GetProperty("known").GetBoolean());
        Assert.Equal("permit", risk.GetProperty("assurance").GetProperty("outcome").GetString());

        // Asking learned nothing: the identity view still knows nothing about it.
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/v1/identities/nobody")).StatusCode);
    }

    [Fact]
    public async Task Risk_WithoutTheEvaluateScopeOrOutsideTheKeysTenant_IsRefused()
    {
        await using var service = await TestService.StartAsync();
        using var shipper = service.ClientWithKey(await service.CreateKeyAsync("shipper", "ingest"));
        Assert.Equal(HttpStatusCode.Forbidden, (await shipper.GetAsync("/v1/risk/alice")).StatusCode);

        var created = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name = "acme-pdp", scopes = new[] { "evaluate" }, tenant = "acme" });
        created.EnsureSuccessStatusCode();
        using var acme = service.ClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, (await acme.GetAsync("/v1/risk/alice?tenant=globex")).StatusCode);
        var own = await acme.GetAsync("/v1/risk/alice");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("acme", (await Json(own)).GetProperty("tenant").GetString());

        using var anonymous = service.ClientWithKey("vgk_not_a_key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/risk/alice")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/risk/alice?tenant=", "tenant")]
    [InlineData("/v1/risk/alice?action=", "action")]
    public async Task Risk_EmptyParameter_Is400NamingIt(string path, string field)
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
