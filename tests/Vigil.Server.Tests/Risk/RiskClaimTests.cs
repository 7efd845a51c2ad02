using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.Risk;

/// <summary>
/// <c>GET /v1/risk/{id}/claim</c> (issue 18, item 2): a short-lived RS256 JWT of the identity's risk, verified by an
/// independent JOSE implementation (npm <c>jose</c>) against the service's published keys.
/// </summary>
public sealed class RiskClaimTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","session_id":"s-alice","event_id":"ev-1","time":"2026-03-02T08:00:00Z"}}""";

    private static async Task<List<JsonElement>> VerifyAsync(string jwks, string issuer, string audience, params string[] tokens)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = NodeFactAttribute.OidcDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("verify-jwt.mjs");
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(new { jwks = JsonDocument.Parse(jwks).RootElement, issuer, audience, typ = "risk+jwt", tokens }));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, "verify-jwt.mjs failed: " + await error);
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [NodeFact]
    public async Task Claim_VerifiedByJose_CarriesTheRiskForItsAudienceOnly()
    {
        await using var service = await TestService.StartAsync(o => o.PublicBaseUrl = "https://vigil.example.com");
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_compromised","identity":"alice"}""")).Response.StatusCode);

        var response = await service.Client.GetAsync("/v1/risk/alice/claim?aud=orders-api&action=write&resource_type=doc&resource_id=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jwt", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        string token = await response.Content.ReadAsStringAsync();
        string jwks = await service.Client.GetStringAsync("/ssf/jwks.json");

        var verified = Assert.Single(await VerifyAsync(jwks, "https://vigil.example.com", "orders-api", token));
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.ToString());
        var payload = verified.GetProperty("payload");
        Assert.Equal("alice", payload.GetProperty("sub").GetString());
        Assert.Equal(60, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        var risk = payload.GetProperty("risk");
        Assert.Equal("critical", risk.GetProperty("level").GetString());
        Assert.Contains(risk.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "VG1902");
        Assert.Equal("deny", risk.GetProperty("assurance").GetProperty("outcome").GetString());

        // For another audience, or altered, it is refused.
        Assert.False(Assert.Single(await VerifyAsync(jwks, "https://vigil.example.com", "billing-api", token)).GetProperty("ok").GetBoolean());
        string[] parts = token.Split('.');
        string forged = parts[0] + "." + parts[1].Replace(parts[1][^4..], "AAAA", StringComparison.Ordinal) + "." + parts[2];
        Assert.False(Assert.Single(await VerifyAsync(jwks, "https://vigil.example.com", "orders-api", forged)).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Claim_WithoutAudienceOrForAnotherTenant_IsRefused()
    {
        await using var service = await TestService.StartAsync();
        var missing = await service.Client.GetAsync("/v1/risk/alice/claim");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("aud", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Client.GetAsync("/v1/risk/alice/claim?aud=" + new string('a', 600))).StatusCode);

        var created = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name = "gw-a", scopes = new[] { "evaluate" }, tenant = "tenant-a" });
        using var bound = service.ClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, (await bound.GetAsync("/v1/risk/alice/claim?aud=x&tenant=tenant-b")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bound.GetAsync("/v1/risk/alice/claim?aud=x")).StatusCode);
        using var nobody = service.ClientWithKey("vgk_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.GetAsync("/v1/risk/alice/claim?aud=x")).StatusCode);
    }
}
