using Microsoft.AspNetCore.Http;
using Vigil.Server.Gateway;

namespace Vigil.Server.Tests.Gateway;

/// <summary>The client's address behind a gateway and the operator's trusted proxies (issue 18, item 4): a client cannot choose its own.</summary>
public sealed class ClientAddressTests
{
    private static ClientAddress Resolver(params string[] trusted) =>
        new([.. trusted.Select(t => ClientAddress.TryParseNetwork(t, out var n) ? n : throw new ArgumentException(t))]);

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return dictionary;
    }

    [Theory]
    [InlineData("81.2.69.10", null, null, "81.2.69.10")] // X-Real-IP alone
    [InlineData(null, "6.6.6.6, 81.2.69.10", null, "81.2.69.10")] // the entry the gateway appended, not the client's claim
    [InlineData("81.2.69.10", "6.6.6.6", null, "81.2.69.10")] // X-Real-IP is the right end
    [InlineData(null, null, "for=81.2.69.10;proto=https", "81.2.69.10")]
    [InlineData(null, null, "for=6.6.6.6, for=\"[2001:db8::1]:4711\"", "2001:db8::1")]
    [InlineData(null, "not-an-address", null, null)]
    [InlineData(null, "::ffff:81.2.69.10", null, "81.2.69.10")]
    public void Of_NoTrustedProxies_TakesTheRightEnd(string? realIp, string? forwardedFor, string? forwarded, string? expected)
    {
        var headers = new List<(string, string)>();
        if (realIp is not null)
        {
            headers.Add(("X-Real-IP", realIp));
        }

        if (forwardedFor is not null)
        {
            headers.Add(("X-Forwarded-For", forwardedFor));
        }

        if (forwarded is not null)
        {
            headers.Add(("Forwarded", forwarded));
        }

        Assert.Equal(expected, Resolver().Of(Headers([.. headers])));
    }

    [Fact]
    public void Of_BehindTrustedLoadBalancers_SkipsThemButNeverTrustsTheClientsOwnClaims()
    {
        var resolver = Resolver("10.0.0.0/8", "192.0.2.7");
        // client -> CDN (192.0.2.7) -> load balancer (10.1.2.3) -> gateway; the client wrote 6.6.6.6 itself.
        Assert.Equal("81.2.69.10", resolver.Of(Headers(("X-Forwarded-For", "6.6.6.6, 81.2.69.10, 192.0.2.7"), ("X-Real-IP", "10.1.2.3"))));
        // Every hop trusted: the leftmost believable entry.
        Assert.Equal("10.9.9.9", resolver.Of(Headers(("X-Forwarded-For", "10.9.9.9, 10.1.2.3"))));
        // A garbage entry ends what can be believed left of it.
        Assert.Equal("10.1.2.3", resolver.Of(Headers(("X-Forwarded-For", "81.2.69.10, unknown, 10.1.2.3"))));
        // Without the trusted list the load balancer itself would be taken for the client.
        Assert.Equal("10.1.2.3", Resolver().Of(Headers(("X-Forwarded-For", "81.2.69.10, 192.0.2.7"), ("X-Real-IP", "10.1.2.3"))));
    }

    [Fact]
    public void Of_AChainOfThousands_IsBounded()
    {
        string chain = string.Join(", ", Enumerable.Range(0, 5_000).Select(i => "10.0." + (i / 250) + "." + (i % 250))) + ", 81.2.69.10";
        Assert.Equal("81.2.69.10", Resolver("10.0.0.0/8").Of(Headers(("X-Forwarded-For", chain))));
        // All trusted: the leftmost of the last 32 entries kept (index 4,968), never an unbounded walk.
        Assert.Equal("10.0.19.218", Resolver("10.0.0.0/8").Of(Headers(("X-Forwarded-For", chain[..chain.LastIndexOf(',')]))));
    }

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("192.0.2.7", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("lb.example.com", false)]
    public void TryParseNetwork_AddressesAndRanges(string text, bool valid) => Assert.Equal(valid, ClientAddress.TryParseNetwork(text, out _));
}
