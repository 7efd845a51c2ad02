using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>The receiver's SET checks (issue 16, item 3, ahead of its endpoints): the conformance suite's "invalid SET rejection" cases.</summary>
public sealed class SetVerifierTests
{
    private const string Issuer = "https://tr.example.com";
    private const string Audience = "receiver.example.com";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task VerifyAsync_SetsFromVigilsTransmitter_ValidOnceThenDuplicate()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync("https://schemas.openid.net/secevent/caep/event-type/session-revoked")).GetProperty("stream_id").GetString()!;
        await ssf.SendAsync(HttpMethod.Post, "/ssf/verify", JsonSerializer.Serialize(new { stream_id = id, state = "s" }));
        await ssf.FeedbackAsync("jane@example.com", "confirm_compromised");
        var (sets, _) = await ssf.PollAsync(id, new { returnImmediately = true });
        var keys = new JsonWebKeySet(await ssf.JwksAsync());
        var verifier = new SetVerifier(TimeProvider.System);

        var results = new List<SetVerification>();
        foreach (var (_, token) in sets)
        {
            results.Add(await verifier.VerifyAsync(token, keys, SsfHarness.Issuer, SsfHarness.Receiver));
        }

        Assert.All(results, r => Assert.True(r.Valid, r.Description));
        Assert.Equal(["https://schemas.openid.net/secevent/ssf/event-type/verification", "https://schemas.openid.net/secevent/caep/event-type/session-revoked"], results.Select(r => r.EventType));
        Assert.Equal("duplicate", (await verifier.VerifyAsync(sets[0].Value, keys, SsfHarness.Issuer, SsfHarness.Receiver)).Error);
        Assert.Equal("invalid_audience", (await new SetVerifier(TimeProvider.System).VerifyAsync(sets[0].Value, keys, SsfHarness.Issuer, "someone-else")).Error);
        Assert.Equal("invalid_issuer", (await new SetVerifier(TimeProvider.System).VerifyAsync(sets[0].Value, keys, "https://other.example.com", SsfHarness.Receiver)).Error);
    }

    [Fact]
    public async Task VerifyAsync_DuoLabsSampleSignedWithHs256_Refused()
    {
        var response = JsonDocument.Parse(File.ReadAllText(Path.Combine(SsfStreamTests.SamplesDirectory, "duo-example_polling_response.json"))).RootElement;
        string token = response.GetProperty("sets").EnumerateObject().Single().Value.GetString()!;
        var keys = new JsonWebKeySet(File.ReadAllText(Path.Combine(SsfStreamTests.SamplesDirectory, "duo-example_jwks.json")));
        var result = await new SetVerifier(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1634225410))).VerifyAsync(token, keys, "https://transmitter.most-secure.com/", "https://popular-app.com");
        Assert.False(result.Valid);
    }

    [Theory]
    [InlineData("""{"alg":"RS256","typ":"JWT","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796644800,"events":{"e":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796644800,"sub":"x","events":{"e":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796644800,"exp":1896644800,"events":{"e":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796644800,"events":{"e":{},"f":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","iat":1796644800,"events":{"e":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796039000,"events":{"e":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796645400,"events":{"e":{}}}""", "invalid_request")]
    [InlineData("""{"alg":"RS256","typ":"secevent+jwt","kid":"unknown"}""", """{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"1","iat":1796644800,"events":{"e":{}}}""", "invalid_key")]
    public async Task VerifyAsync_SetBreakingTheProfile_RefusedWithItsError(string header, string payload, string error)
    {
        using var rsa = RSA.Create(2048);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "k" });
        var keys = new JsonWebKeySet();
        keys.Keys.Add(jwk);
        string input = B64(header) + "." + B64(payload);
        string token = input + "." + Base64UrlEncoder.Encode(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var verifier = new SetVerifier(new FakeTimeProvider(Now)) { MaxAge = TimeSpan.FromDays(7) };

        var result = await verifier.VerifyAsync(token, keys, Issuer, Audience);
        Assert.Equal(error, result.Error);

        // The same claims, well formed, pass: the case above fails for the one thing it changes.
        string good = B64("""{"alg":"RS256","typ":"secevent+jwt","kid":"k"}""") + "." + B64("""{"iss":"https://tr.example.com","aud":"receiver.example.com","jti":"2","iat":1796644800,"events":{"e":{}}}""");
        good += "." + Base64UrlEncoder.Encode(rsa.SignData(Encoding.ASCII.GetBytes(good), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.True((await verifier.VerifyAsync(good, keys, Issuer, Audience)).Valid);
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
