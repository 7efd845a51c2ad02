using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Vigil.Server.Tests.Security;

/// <summary>Bearer JWTs from a real OpenID provider: discovery + JWKS, audience, lifetime and signature checked, key rotation followed.</summary>
public sealed class BearerTokenTests
{
    private const string Audience = "https://vigil.test";
    private const string Request = """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"}}""";

    private static async Task<HttpStatusCode> Evaluate(TestService service, string token)
    {
        using var client = service.ClientWithKey("unused");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.PostAsync("/access/v1/evaluation", new StringContent(Request, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string part)
    {
        string padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }

    [NodeFact]
    public async Task BearerToken_FromRealOidcProvider_IsAcceptedAndBadTokensAreRefused()
    {
        using var idp = await OidcProvider.StartAsync();
        await using var service = await TestService.StartAsync(o =>
        {
            o.JwtAuthority = idp.Issuer;
            o.JwtAudience = Audience;
            o.JwtAllowHttp = true;
            o.JwtClockSkewSeconds = 0;
            o.JwtKeyRefreshSeconds = 1;
        });
        Assert.Null(service.AdminKey); // with an identity provider configured no key is generated

        string good = await idp.TokenAsync("gateway", Audience, "evaluate");
        Assert.Equal(HttpStatusCode.OK, await Evaluate(service, good));

        // Wrong audience: a token the same provider issued for another API.
        Assert.Equal(HttpStatusCode.Unauthorized, await Evaluate(service, await idp.TokenAsync("gateway", "https://other.test", "evaluate")));

        // Right audience, wrong scope: authenticated but not allowed.
        Assert.Equal(HttpStatusCode.Forbidden, await Evaluate(service, await idp.TokenAsync("gateway", Audience, "ingest")));

        // Unsigned (alg none) with the good token's claims.
        string[] parts = good.Split('.');
        Assert.Equal(HttpStatusCode.Unauthorized, await Evaluate(service, B64("""{"alg":"none","typ":"at+jwt"}""") + "." + parts[1] + "."));

        // Tampered: claims changed, signature kept.
        string claims = Decode(parts[1]).Replace("\"evaluate\"", "\"evaluate admin\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await Evaluate(service, parts[0] + "." + B64(claims) + "." + parts[2]));

        // Expired: a one-second token, used after it expired.
        string shortLived = await idp.TokenAsync("short", Audience, "evaluate");
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal(HttpStatusCode.Unauthorized, await Evaluate(service, shortLived));

        // Key rotation: the provider restarts with a new signing key. The first token with the unknown key id makes
        // the service refetch the JWKS (the request itself may be refused); tokens are accepted again without a restart.
        await idp.RestartAsync();
        string rotated = await idp.TokenAsync("gateway", Audience, "evaluate");
        var status = HttpStatusCode.Unauthorized;
        for (int attempt = 0; attempt < 20 && status != HttpStatusCode.OK; attempt++)
        {
            status = await Evaluate(service, rotated);
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
