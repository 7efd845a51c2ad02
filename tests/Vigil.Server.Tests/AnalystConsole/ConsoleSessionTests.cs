using System.Net;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>Console sessions are held in memory only: a cookie this process does not know (from before a restart) signs nobody in, and is removed.</summary>
public sealed class ConsoleSessionTests
{
    [Fact]
    public async Task Console_CookieFromBeforeARestart_SendsToSignInRemovesTheCookieAndRefusesPosts()
    {
        await using var service = await TestService.StartAsync();
        using var browser = service.ClientWithKey("");
        browser.DefaultRequestHeaders.Remove("X-API-Key");
        browser.DefaultRequestHeaders.Add("Cookie", "__Host-vigil-console=ZXhhbXBsZS1zZXNzaW9uLWZyb20tYmVmb3JlLWEtcmVzdGFydA");

        var get = await browser.GetAsync("/console/identities");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/console/sign-in?return=%2Fconsole%2Fidentities", get.Headers.Location!.OriginalString);
        string removal = Assert.Single(get.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-vigil-console=;", removal, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", removal, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", removal, StringComparison.OrdinalIgnoreCase);

        var post = await browser.PostAsync("/console/identities/act", new FormUrlEncodedContent([new("action", "dismiss"), new("ids", "default alice")]));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Contains("the service restarted: sessions are kept in memory only", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await service.StoreAfterAuditFlushAsync()).ReadFeedback("alice", 10));
    }
}
