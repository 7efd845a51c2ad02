using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>OAuth bearer authorisation of the management API (SSF 1.0 section 9, CAEP interoperability profile), with a real OpenID provider.</summary>
public sealed class SsfBearerTests
{
    private const string Audience = "https://vigil.test";

    [NodeFact]
    public async Task Streams_BearerTokenWithTheSsfScope_ManagesStreamsAsItsClient()
    {
        using var idp = await OidcProvider.StartAsync();
        await using var service = await TestService.StartAsync(o =>
        {
            o.JwtAuthority = idp.Issuer;
            o.JwtAudience = Audience;
            o.JwtAllowHttp = true;
            o.PublicBaseUrl = SsfHarness.Issuer;
        });

        using var anonymous = service.ClientWithKey("unused");
        anonymous.DefaultRequestHeaders.Remove("X-API-Key");
        var config = JsonDocument.Parse(await anonymous.GetStringAsync("/.well-known/ssf-configuration/vigil")).RootElement;
        Assert.Contains("urn:ietf:rfc:6749", config.GetProperty("authorization_schemes").EnumerateArray().Select(s => s.GetProperty("spec_urn").GetString()));

        using var receiver = service.ClientWithKey("unused");
        receiver.DefaultRequestHeaders.Remove("X-API-Key");
        receiver.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await idp.TokenAsync("gateway", Audience, "ssf:manage"));
        var created = await receiver.PostAsync("/ssf/streams", new StringContent("""{"delivery":{"method":"urn:ietf:rfc:8936"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stream = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("gateway", stream.GetProperty("aud").GetString()); // the OAuth client is the receiver (SSF 1.0 section 4.1.3)

        using var evaluator = service.ClientWithKey("unused");
        evaluator.DefaultRequestHeaders.Remove("X-API-Key");
        evaluator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await idp.TokenAsync("gateway", Audience, "evaluate"));
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync("/ssf/streams")).StatusCode);
    }
}
