using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.SharedSignals;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Key rotation end to end (issue 16): A's signing keys on a fake clock rotate with overlap while B receives A's stream
/// by push; B follows the new kid by fetching A's JWKS again, accepts a SET of the old key still in flight during the
/// overlap, and refuses one after the overlap once its cached JWKS is re-read. npm jose, given A's JWKS at each stage,
/// agrees with B.
/// </summary>
public sealed class SsfKeyRotationTests
{
    private const string CredentialCompromise = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise";

    [NodeFact]
    public async Task Rotation_TransmitterRotatesWithOverlap_ReceiverFollowsTheNewKid_RetiredKeyRefusedAfterTheOverlap()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow()); // A's key ring only: SETs are dated by A's real clock
        // B re-reads a held JWKS once it is a second old (the default is an hour), so the end of the overlap is seen quickly.
        var settings = SsfPair.Settings(jwksRefreshMs: 0, jwksMaxAgeMs: 1_000);
        await using var pair = await SsfPair.StartAsync(settings: settings, configureA: b => b.Services.AddSingleton(sp =>
            new SsfKeyRing(sp.GetRequiredService<SsfDatabase>(), settings, new ServerOptions { DataDirectory = "unused", Time = clock }, NullLogger<SsfKeyRing>.Instance)));
        string id = (await pair.ReceiveAsync("push")).GetProperty("id").GetString()!;
        var receiver = pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(id)!.Verified), "the verification event");
        var stream = receiver.Find(id)!;
        string authorization = pair.A.Services.GetRequiredService<SsfDatabase>().FindStream(stream.StreamId)!.AuthorizationHeader!;
        var ring = pair.A.Services.GetRequiredService<SsfKeyRing>();
        var first = ring.Current();
        using var old = Copy(first); // the ring disposes a key it deletes; a leaked copy signs on

        // Day 90: the successor is published but the first key still signs; B has no reason to re-read the JWKS.
        clock.Advance(TimeSpan.FromDays(90));
        Assert.Equal(2, ring.PublishedKids().Count);
        Assert.Equal(first.Kid, ring.Current().Kid);
        await CompromiseOnAAsync(pair, "u1@example.com");

        // A day later the successor signs: B meets its kid, fetches A's JWKS again and accepts. A SET of the old key
        // still in flight is accepted during the overlap.
        clock.Advance(TimeSpan.FromHours(24));
        string second = ring.Current().Kid;
        Assert.NotEqual(first.Kid, second);
        Assert.Equal([first.Kid, second], ring.PublishedKids());
        await CompromiseOnAAsync(pair, "u2@example.com");
        string inFlight = Sign(old, stream, "u3@example.com");
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(pair, stream, authorization, inFlight)).Status);
        string jwksDuringOverlap = await JwksOfAAsync(pair);
        var bothKeys = await JoseVerifier.VerifyAsync(jwksDuringOverlap, SsfPair.IssuerA, stream.Audience, [inFlight, Sign(ring.Current(), stream, "u5@example.com")]);
        Assert.All(bothKeys, r => Assert.True(r.GetProperty("ok").GetBoolean(), r.ToString()));

        // After the overlap A no longer publishes the old key: once B re-reads the JWKS, a SET signed with it is refused.
        clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal([second], ring.PublishedKids());
        (HttpStatusCode Status, JsonElement Body) last = default;
        int n = 0;
        await SsfPair.WaitForAsync(async () =>
        {
            last = await PushAsync(pair, stream, authorization, Sign(old, stream, $"late{n++}@example.com"));
            return last.Status == HttpStatusCode.BadRequest;
        }, "B to refuse the retired key");
        Assert.Equal("invalid_key", last.Body.GetProperty("err").GetString());
        var refused = Assert.Single(await JoseVerifier.VerifyAsync(await JwksOfAAsync(pair), SsfPair.IssuerA, stream.Audience, [Sign(old, stream, "u6@example.com")]));
        Assert.False(refused.GetProperty("ok").GetBoolean(), refused.ToString());
        await CompromiseOnAAsync(pair, "u7@example.com"); // and the current key still works
    }

    /// <summary>confirm_compromised on A; waits until B's decisions for the user hold A's credential-compromise (VG1906), i.e. B accepted A's SETs.</summary>
    private static async Task CompromiseOnAAsync(SsfPair pair, string user)
    {
        var (response, _) = await pair.A.PostJsonAsync("/v1/feedback", JsonSerializer.Serialize(new { identity = user, kind = "confirm_compromised" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await SsfPair.WaitForAsync(async () => SsfPair.Reasons(await pair.DecideOnBAsync(user, "s")).Contains("VG1906"), "B to accept A's SETs about " + user);
    }

    private static SigningKey Copy(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.Rsa.ExportPkcs8PrivateKey(), out _);
        return new SigningKey(key.Kid, key.CreatedMs, null, rsa);
    }

    private static string Sign(SigningKey key, ReceiverStream stream, string user) =>
        SecurityEventToken.Sign(key, SsfPair.IssuerA, stream.Audience, SecurityEventToken.NewId(), TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), null,
            SubjectId.ForIdentity(user, null), CredentialCompromise, w => w.WriteString("credential_type", "password"));

    private static async Task<string> JwksOfAAsync(SsfPair pair)
    {
        using var response = await pair.A.Client.GetAsync("/ssf/jwks.json");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PushAsync(SsfPair pair, ReceiverStream stream, string authorization, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SsfReceiver.ReceivePath + "/" + stream.Id) { Content = new StringContent(token, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/secevent+jwt");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var client = pair.B.ClientWithKey("none");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        using var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
