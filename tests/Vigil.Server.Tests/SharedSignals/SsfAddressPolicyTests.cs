using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Issue 16, SSRF: push endpoints and transmitter URLs may not reach loopback, link-local (cloud metadata), private or
/// unspecified addresses unless a network is allowed; judged on the URL when a stream is created and on the resolved
/// addresses at connect time.
/// </summary>
public sealed class SsfAddressPolicyTests
{
    private static readonly SsfSettings NothingAllowed = new() { AllowHttpPush = true };

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.9", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd00:ec2::254", "private")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("100.64.0.1", "shared")] // carrier-grade NAT, RFC 6598
    [InlineData("100.127.255.254", "shared")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("64:ff9b::7f00:1", "loopback")] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")] // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::10.0.0.1", "private")]
    [InlineData("64:ff9b:1::5db8:d822", "private")] // local-use NAT64, RFC 8215
    [InlineData("2002:7f00:1::1", "loopback")] // 6to4 of 127.0.0.1
    [InlineData("2002:a9fe:a9fe::", "link-local")]
    [InlineData("2002:c0a8:101::1", "private")] // 6to4 of 192.168.1.1
    [InlineData("2002:6440:1::", "shared")] // 6to4 of 100.64.0.1
    public void Refusal_AddressInRefusedRange_NamesItsKind(string address, string kind)
    {
        Assert.Equal(kind, SsfAddressPolicy.Refusal(IPAddress.Parse(address), NothingAllowed));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("100.63.255.255")] // just outside carrier-grade NAT
    [InlineData("100.128.0.1")]
    [InlineData("223.255.255.255")] // just below multicast
    [InlineData("64:ff9b::5db8:d822")] // NAT64 of the public 93.184.216.34
    [InlineData("2002:5db8:d822::1")] // 6to4 of the public 93.184.216.34
    public void Refusal_PublicAddress_Null(string address)
    {
        Assert.Null(SsfAddressPolicy.Refusal(IPAddress.Parse(address), NothingAllowed));
    }

    [Fact]
    public void Refusal_AddressInAllowedNetwork_Null()
    {
        var settings = new SsfSettings { AllowedPushNetworks = [IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("::1/128")] };
        Assert.Null(SsfAddressPolicy.Refusal(IPAddress.Parse("10.20.3.4"), settings));
        Assert.Null(SsfAddressPolicy.Refusal(IPAddress.Parse("::1"), settings));
        Assert.Equal("private", SsfAddressPolicy.Refusal(IPAddress.Parse("10.21.0.1"), settings));
        Assert.Equal("loopback", SsfAddressPolicy.Refusal(IPAddress.Parse("127.0.0.1"), settings));
        Assert.Null(SsfAddressPolicy.Refusal(IPAddress.Parse("64:ff9b::a14:304"), settings)); // NAT64 of the allowed 10.20.3.4
        Assert.Equal("private", SsfAddressPolicy.Refusal(IPAddress.Parse("2002:a15:1::"), settings)); // 6to4 of 10.21.0.1
    }

    [Theory]
    [InlineData("http://2130706433/events", "loopback")] // 127.0.0.1 in another spelling
    [InlineData("http://localhost:8080/events", "loopback")]
    [InlineData("http://a.localhost./events", "loopback")]
    [InlineData("http://[::1]/events", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[fe80::1]/events", "link-local")]
    [InlineData("https://192.168.0.10/events", "private")]
    [InlineData("https://[fd12::1]/events", "private")]
    [InlineData("https://0.0.0.0/events", "unspecified")]
    [InlineData("https://receiver.example.com/events", null)] // a name is judged when it is resolved
    public void Refusal_UrlHost_JudgedOnItsText(string url, string? kind)
    {
        Assert.Equal(kind, SsfAddressPolicy.Refusal(new Uri(url), NothingAllowed));
    }

    [Fact]
    public async Task CreateStream_EndpointInRefusedRange_400NamingEndpointUrl()
    {
        await using var ssf = await SsfHarness.StartAsync(NothingAllowed);
        foreach (string url in new[] { "http://127.0.0.1:9/events", "http://localhost/events", "http://169.254.169.254/latest", "https://[fe80::1]/e", "https://10.0.0.1/e", "https://172.16.5.5/e", "https://192.168.1.1/e", "https://[fc00::2]/e", "https://0.0.0.0/e", "https://[::]/e" })
        {
            string request = JsonSerializer.Serialize(new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = url } });
            var (response, problem) = await ssf.SendAsync(HttpMethod.Post, "/ssf/streams", request);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, url);
            Assert.Contains("delivery.endpoint_url", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var (_, streams) = await ssf.SendAsync(HttpMethod.Get, "/ssf/streams");
        Assert.Equal(0, streams.GetArrayLength());
    }

    [Fact]
    public async Task CreateStream_EndpointInAllowedNetwork_Created()
    {
        var settings = new SsfSettings { AllowHttpPush = true, AllowedPushNetworks = [IPNetwork.Parse("127.0.0.0/8")] };
        await using var ssf = await SsfHarness.StartAsync(settings);
        await ssf.CreateStreamAsync(JsonSerializer.Serialize(new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = "http://127.0.0.1:9/events" } }));
    }

    [Fact]
    public async Task ConfigureReceiver_TransmitterInRefusedRange_400NamingTransmitter()
    {
        await using var service = await TestService.StartAsync(configureBuilder: b => b.Services.AddSingleton(NothingAllowed));
        foreach (string transmitter in new[] { "http://169.254.169.254", "http://127.0.0.1:8441", "https://10.9.8.7/idp" })
        {
            var (response, problem) = await service.PostJsonAsync("/v1/admin/ssf/receivers", JsonSerializer.Serialize(new { transmitter, delivery = "poll", api_key = "k" }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, transmitter);
            Assert.Contains("transmitter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connect_NameResolvingToLoopback_RefusedAtConnectTime()
    {
        // "localhost" stands in for a rebinding name: the URL text is not what is judged here, the resolved address is.
        await using var receiver = await PushReceiver.StartAsync();
        using var http = new SsfReceiverHttp(settings: NothingAllowed);
        string byName = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        foreach (string url in new[] { receiver.Url, byName })
        {
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.Push.PostAsync(url, new StringContent("x")));
            Assert.IsType<SsfAddressRefusedException>(ex.InnerException);
        }
    }

    [Fact]
    public async Task Connect_LoopbackAllowed_Reached()
    {
        await using var receiver = await PushReceiver.StartAsync();
        using var http = new SsfReceiverHttp(settings: new SsfSettings { AllowedPushNetworks = [IPNetwork.Parse("127.0.0.0/8")] });
        using var response = await http.Push.PostAsync(receiver.Url, new StringContent("x"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Push_ConnectRefused_RetriedLikeAnUnreachableEndpointThenDeliveredOnceAllowed()
    {
        await using var receiver = await PushReceiver.StartAsync();
        var allowed = new List<IPNetwork> { IPNetwork.Parse("127.0.0.0/8") };
        var settings = new SsfSettings { AllowHttpPush = true, AllowedPushNetworks = allowed, PushBackoffMs = 1, MaxPushBackoffMs = 50 };
        await using var ssf = await SsfHarness.StartAsync(settings);
        string id = (await ssf.CreateStreamAsync(JsonSerializer.Serialize(new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = receiver.Url } }))).GetProperty("stream_id").GetString()!;

        // The URL passed at creation; now its address is no longer allowed (as when a name is rebound to loopback).
        allowed.Clear();
        await ssf.SendAsync(HttpMethod.Post, "/ssf/verify", JsonSerializer.Serialize(new { stream_id = id, state = "refused" }));
        var database = ssf.Service.Services.GetRequiredService<SsfDatabase>();
        await SsfPair.WaitForAsync(() => Task.FromResult(database.Queued(id, 1, controlOnly: false) is [{ Attempts: >= 2 }]), "the refused push retried");

        allowed.Add(IPNetwork.Parse("127.0.0.0/8"));
        var delivered = await receiver.NextAsync();
        Assert.Equal("https://schemas.openid.net/secevent/ssf/event-type/verification", SsfHarness.EventType(delivered.Token));
        await SsfPair.WaitForAsync(() => Task.FromResult(database.CountQueued(id) == 0), "the outbox emptied");
    }

    [Fact]
    public void Parse_SsfAllowPushNetwork_RepeatableAndABadOneNamed()
    {
        var options = ServerArguments.Parse(["--data-dir", "d", "--ssf-allow-push-network", "10.1.0.0/16", "--ssf-allow-push-network", "::1"], out var problems);
        Assert.Empty(problems);
        Assert.Equal(["10.1.0.0/16", "::1"], options.SsfAllowPushNetworks);
        Assert.DoesNotContain(options.Validate(), p => p.Contains("--ssf-allow-push-network", StringComparison.Ordinal));

        var bad = ServerArguments.Parse(["--data-dir", "d", "--ssf-allow-push-network", "10.1.0.0/99"], out _);
        Assert.Contains(bad.Validate(), p => p.StartsWith("--ssf-allow-push-network '10.1.0.0/99'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_SsfAllowPushNetwork_InTheTransmittersSettings()
    {
        await using var service = await TestService.StartAsync(o => o.SsfAllowPushNetworks.Add("10.1.0.0/16"));
        var settings = service.Services.GetRequiredService<SsfSettings>();
        Assert.Null(SsfAddressPolicy.Refusal(IPAddress.Parse("10.1.2.3"), settings));
        Assert.Equal("private", SsfAddressPolicy.Refusal(IPAddress.Parse("10.2.0.1"), settings));
    }
}
