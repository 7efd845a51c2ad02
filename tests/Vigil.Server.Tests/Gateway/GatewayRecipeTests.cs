using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vigil.Server.Tests.Gateway;

/// <summary>
/// Real gateways running the recipes of examples/integration (nginx <c>auth_request</c>, Caddy <c>forward_auth</c>) in
/// front of an application, deciding every request through Vigil's <c>/v1/forward-auth</c> (issue 18, items 3 and 4):
/// a quiet user gets through, a request without a user is sent to sign in, a compromised user gets Vigil's RFC 9470
/// step-up challenge, and with Vigil down the gateway fails closed. Every request through the gateway is an observed,
/// audited decision that the engine learns.
/// </summary>
public sealed class GatewayRecipeTests
{
    private static HttpRequestMessage Get(string path, string? user, string agent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Add("X-Demo-User", user);
        }

        request.Headers.UserAgent.ParseAdd(agent);
        return request;
    }

    [NginxFact]
    public Task Nginx_DecidesEveryRequestThroughVigil_AndFailsClosedWhenVigilIsDown() =>
        DecidesEveryRequestThroughVigil(GatewayProcess.StartNginxAsync, HttpStatusCode.InternalServerError, decisionHeader: true);

    [CaddyFact]
    public Task Caddy_DecidesEveryRequestThroughVigil_AndFailsClosedWhenVigilIsDown() =>
        DecidesEveryRequestThroughVigil(GatewayProcess.StartCaddyAsync, HttpStatusCode.BadGateway, decisionHeader: false);

    private static async Task DecidesEveryRequestThroughVigil(Func<Uri, string, Task<GatewayProcess>> start, HttpStatusCode whenVigilIsDown, bool decisionHeader)
    {
        string data = TempDir.Create();
        var vigil = await ServerProcess.StartAsync(data, "--mode", "enforce"); // monitor mode (the default) would permit and only report
        try
        {
            using var admin = new HttpClient { BaseAddress = vigil.BaseAddress };
            admin.DefaultRequestHeaders.Add("X-API-Key", vigil.AdminKey());
            var created = await admin.PostAsJsonAsync("/v1/admin/api-keys", new { name = "nginx", scopes = new[] { "evaluate" } });
            created.EnsureSuccessStatusCode();
            string key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

            using var gateway = await start(vigil.BaseAddress, key);
            using var client = new HttpClient { BaseAddress = gateway.BaseAddress };

            // A quiet user reaches the application, which receives Vigil's risk level.
            var permitted = await client.SendAsync(Get("/reports/q3?x=1", "alice"));
            Assert.Equal(HttpStatusCode.OK, permitted.StatusCode);
            string body = await permitted.Content.ReadAsStringAsync();
            Assert.StartsWith("application: GET /reports/q3?x=1 risk=", body, StringComparison.Ordinal);
            Assert.DoesNotContain("risk=\n", body, StringComparison.Ordinal); // the application received Vigil's risk level
            if (decisionHeader)
            {
                Assert.Equal("permit", permitted.Headers.GetValues("X-Vigil-Decision").Single());
            }

            // No user: sent to sign in.
            var anonymous = await client.SendAsync(Get("/reports/q3", null));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            // The request was an observed decision: audited and learned (the identity view knows alice, with her route).
            var view = JsonDocument.Parse(await admin.GetStringAsync("/v1/identities/alice")).RootElement;
            Assert.Equal(JsonValueKind.Object, view.GetProperty("state").ValueKind);
            var decision = view.GetProperty("recent_decisions")[0];
            Assert.Contains("/reports/q3", decision.GetRawText(), StringComparison.Ordinal);

            // A compromised user gets the step-up challenge through the gateway (401 with Vigil's WWW-Authenticate).
            var reported = await admin.PostAsJsonAsync("/v1/feedback", new { kind = "not_me", identity = "alice" });
            Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
            var challenged = await client.SendAsync(Get("/reports/q3", "alice"));
            Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
            string challenge = challenged.Headers.WwwAuthenticate.ToString();
            Assert.Contains("error=\"insufficient_user_authentication\"", challenge, StringComparison.Ordinal);
            Assert.Contains("acr_values=", challenge, StringComparison.Ordinal);
            Assert.DoesNotContain("application:", await challenged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Vigil down: the gateway fails closed.
            vigil.Kill();
            var down = await client.SendAsync(Get("/reports/q3", "bob"));
            Assert.Equal(whenVigilIsDown, down.StatusCode);
            Assert.DoesNotContain("application:", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            vigil.Dispose();
            TempDir.Delete(data);
        }
    }
}
