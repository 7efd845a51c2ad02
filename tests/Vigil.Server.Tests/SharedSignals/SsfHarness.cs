using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// A transmitter under test: the service in memory with a public base URL (the SSF issuer), short push back-off, http
/// push allowed for loopback receivers, and a receiver API key with the ssf:manage scope. Mirrors what the OpenID
/// conformance suite's SSF transmitter modules do as the receiver side.
/// </summary>
public sealed class SsfHarness : IAsyncDisposable
{
    public const string Issuer = "http://127.0.0.1:8443/vigil";
    public const string Receiver = "receiver-a";

    private SsfHarness(TestService service, HttpClient receiver, string receiverKey)
    {
        Service = service;
        ReceiverClient = receiver;
        ReceiverKey = receiverKey;
    }

    public TestService Service { get; }

    /// <summary>The receiver's client (ssf:manage only).</summary>
    public HttpClient ReceiverClient { get; }

    public string ReceiverKey { get; }

    internal static SsfSettings TestSettings(int maxStreamsPerReceiver = 10) => new()
    {
        AllowHttpPush = true,
        AllowedPushNetworks = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")], // the test receivers are on loopback
        PushBackoffMs = 1,
        MaxPushBackoffMs = 50,
        MaxPollWaitMs = 5_000,
        MaxStreamsPerReceiver = maxStreamsPerReceiver,
    };

    public static Task<SsfHarness> StartAsync(string? dataDir = null, string issuer = Issuer, int maxStreamsPerReceiver = 10, string receiverKey = "") =>
        StartAsync(TestSettings(maxStreamsPerReceiver), dataDir, issuer, receiverKey);

    /// <summary>The transmitter with these settings (e.g. an address policy that allows no loopback receiver).</summary>
    internal static async Task<SsfHarness> StartAsync(SsfSettings settings, string? dataDir = null, string issuer = Issuer, string receiverKey = "")
    {
        var service = await TestService.StartAsync(o => o.PublicBaseUrl = issuer, dataDir, b => b.Services.AddSingleton(settings));
        string key = receiverKey.Length > 0 ? receiverKey : await service.CreateKeyAsync(Receiver, "ssf:manage");
        return new SsfHarness(service, service.ClientWithKey(key), key);
    }

    public async Task<JsonElement> CreateStreamAsync(string json)
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "/ssf/streams", json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return body;
    }

    public Task<JsonElement> CreatePollStreamAsync(params string[] events) =>
        CreateStreamAsync(JsonSerializer.Serialize(new { delivery = new { method = "urn:ietf:rfc:8936" }, events_requested = events }));

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await (client ?? ReceiverClient).SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls (RFC 8936) and returns the SETs by jti, in the order given.</summary>
    public async Task<(List<KeyValuePair<string, string>> Sets, bool More)> PollAsync(string streamId, object request)
    {
        var (response, body) = await SendAsync(HttpMethod.Post, "/ssf/poll/" + streamId, JsonSerializer.Serialize(request));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sets = body.GetProperty("sets").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList();
        return (sets, body.GetProperty("moreAvailable").GetBoolean());
    }

    /// <summary>A client without credentials (the discovery document and the JWKS are public).</summary>
    public HttpClient AnonymousClient() => ((TestServer)Service.Services.GetRequiredService<IServer>()).CreateClient();

    public async Task<string> JwksAsync()
    {
        using var client = AnonymousClient();
        return await client.GetStringAsync("/ssf/jwks.json");
    }

    public async Task<JsonElement> FeedbackAsync(string identity, string kind)
    {
        var response = await Service.Client.PostAsJsonAsync("/v1/feedback", new { identity, kind });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The claims of a compact JWS, decoded without verification (verification is <see cref="JoseVerifier"/>'s and the tests' job).</summary>
    public static (JsonElement Header, JsonElement Payload) Decode(string token)
    {
        string[] parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        return (JsonDocument.Parse(Base64Url(parts[0])).RootElement.Clone(), JsonDocument.Parse(Base64Url(parts[1])).RootElement.Clone());
    }

    public static byte[] Base64Url(string s)
    {
        string padded = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    public static string EventType(string token) => Decode(token).Payload.GetProperty("events").EnumerateObject().Single().Name;

    public async ValueTask DisposeAsync()
    {
        ReceiverClient.Dispose();
        await Service.DisposeAsync();
    }
}
