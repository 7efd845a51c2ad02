using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Gateway;

/// <summary>
/// <c>/v1/forward-auth</c> without a gateway in between: what the gateway's headers become (action from the method,
/// the route from the URI, the client address from X-Real-IP or the last X-Forwarded-For entry) and who may call it.
/// </summary>
public sealed class ForwardAuthTests
{
    private static HttpRequestMessage Request(string method, string uri, string? user, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", uri);
        if (user is not null)
        {
            request.Headers.Add("X-Forwarded-User", user);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static async Task<JsonElement> LastRecord(TestService service, string user)
    {
        var view = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/identities/" + user)).RootElement;
        return view.GetProperty("recent_decisions")[0].Clone();
    }

    [Fact]
    public async Task ForwardAuth_GatewayHeaders_BecomeTheDecidedAndLearnedRequest()
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.SendAsync(Request("DELETE", "/orders/17?force=true", "carol",
            ("X-Forwarded-For", "6.6.6.6, 81.2.69.10"), ("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0")));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, response.StatusCode.ToString());
        Assert.True(response.Headers.Contains("X-Vigil-Decision-Id"));

        string record = (await LastRecord(service, "carol")).GetRawText();
        Assert.Contains("\"delete\"", record, StringComparison.Ordinal);
        Assert.Contains("/orders/17", record, StringComparison.Ordinal);
        Assert.DoesNotContain("force=true", record, StringComparison.Ordinal);
        // Journaled to be learned, with the address the gateway appended, never the one the client wrote in front of it.
        var store = (Vigil.Storage.VigilStore)service.Services.GetService(typeof(Vigil.Storage.VigilStore))!;
        string journaled = System.Text.Encoding.UTF8.GetString(store.ReadJournal(0, 10).Single().Payload);
        Assert.Contains("81.2.69.10", journaled, StringComparison.Ordinal);
        Assert.DoesNotContain("6.6.6.6", journaled, StringComparison.Ordinal);
        Assert.Contains("Chrome/126.0", journaled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardAuth_NoUser_Is401AskingToSignIn()
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.SendAsync(Request("GET", "/", null));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ForwardAuth_WithoutTheEvaluateScope_IsRefused()
    {
        await using var service = await TestService.StartAsync();
        using var shipper = service.ClientWithKey(await service.CreateKeyAsync("shipper", "ingest"));
        Assert.Equal(HttpStatusCode.Forbidden, (await shipper.SendAsync(Request("GET", "/", "carol"))).StatusCode);
    }

    [Fact]
    public async Task ForwardAuth_HugeUri_Is400NamingTheHeader()
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.SendAsync(Request("GET", "/" + new string('a', 5000), "carol"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Original-URI", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
