using System.Net;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.Gateway;

/// <summary>
/// <c>/v1/forward-auth</c> reading the end user's own access token (issue 18, item 3), issued by a real OpenID provider
/// (npm oidc-provider) and validated against its JWKS: the token's subject is the user, whatever header the request
/// carries; a token for another audience, or a forged one, is refused with <c>invalid_token</c>.
/// </summary>
public sealed class ForwardAuthUserTokenTests
{
    private const string AppAudience = "https://app.test";

    private static HttpRequestMessage Request(string? bearer = null, string? forwardedToken = null, string? forwardedUser = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/orders/1");
        request.Headers.Add("X-Real-IP", "81.2.69.10");
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        if (forwardedToken is not null)
        {
            request.Headers.Add("X-Forwarded-Access-Token", forwardedToken);
        }

        if (forwardedUser is not null)
        {
            request.Headers.Add("X-Forwarded-User", forwardedUser);
        }

        return request;
    }

    [NodeFact]
    public async Task ForwardAuth_UsersOwnToken_IsValidatedAgainstTheProvidersKeys()
    {
        using var idp = await OidcProvider.StartAsync();
        await using var service = await TestService.StartAsync(o =>
        {
            o.ForwardAuthAudience = AppAudience;
            o.ForwardAuthAuthority = idp.Issuer;
            o.JwtAllowHttp = true;
        });
        string token = await idp.TokenAsync("gateway", AppAudience, "evaluate");
        string subject = JsonDocument.Parse(Convert.FromBase64String(Pad(token.Split('.')[1]))).RootElement.GetProperty("sub").GetString()!;

        // The gateway (authenticated by its key) forwards the user's Authorization header; a header naming someone
        // else loses to the signed token.
        var permitted = await service.Client.SendAsync(Request(bearer: token, forwardedUser: "mallory"));
        Assert.Equal(HttpStatusCode.OK, permitted.StatusCode);
        var view = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/identities/" + Uri.EscapeDataString(subject))).RootElement;
        Assert.Contains("/orders/1", view.GetProperty("recent_decisions")[0].GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(Request(forwardedToken: token))).StatusCode);

        // A token for another audience (Vigil's own API), or altered, is refused; so is garbage.
        string other = await idp.TokenAsync("gateway", "https://vigil.test", "evaluate");
        string[] parts = token.Split('.');
        string forged = parts[0] + "." + parts[1][..^4] + "AAAA" + "." + parts[2];
        foreach (string bad in new[] { other, forged, "not-a-token", new string('a', 20_000) })
        {
            var refused = await service.Client.SendAsync(Request(bearer: bad, forwardedUser: "mallory"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/v1/identities/mallory")).StatusCode);
    }

    private static string Pad(string base64Url)
    {
        string s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }
}
