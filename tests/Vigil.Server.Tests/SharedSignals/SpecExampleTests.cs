using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Every SET example of SSF 1.0, CAEP 1.0 and RISC 1.0 (Samples/openid, listed by its MANIFEST.json), signed with a test
/// RS256 key as a transmitter would, goes through the receiver's checks; its subject through the subject parser. The
/// specification text's known defects are expected to be refused, each for its own reason.
/// </summary>
public sealed class SpecExampleTests
{
    /// <summary>Examples whose sub_id the strict parser refuses, and why (a receiver of them would not add such a subject to a stream).</summary>
    private static readonly Dictionary<string, string> RefusedSubjects = new(StringComparer.Ordinal)
    {
        ["11-example-set-containing-an-ssf-event-with-a-proprietary-subject-identif.json"] = "sub_id.format", // a proprietary format, by design of the example
    };

    /// <summary>Examples whose SET the receiver refuses, and with which error.</summary>
    private static readonly Dictionary<string, string> RefusedSets = new(StringComparer.Ordinal)
    {
        ["11-example-set-containing-an-ssf-event-with-a-proprietary-subject-identif.json"] = "invalid_request", // 11-digit iat: centuries ahead
    };

    /// <summary>One test key for every example: generating a 2048-bit key per case would cost more than the checks.</summary>
    private static readonly RSA Key = RSA.Create(2048);

    private static string Directory => Path.Combine(SsfStreamTests.SamplesDirectory, "openid");

    public static TheoryData<string> SetExamples()
    {
        var data = new TheoryData<string>();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "MANIFEST.json")));
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("kind").GetString() == "SET")
            {
                data.Add(entry.GetProperty("file").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SetExamples))]
    public async Task SpecSetExample_SignedAndChecked_AcceptedUnlessAKnownDefect(string file)
    {
        string claims = File.ReadAllText(Path.Combine(Directory, file));
        using var document = JsonDocument.Parse(claims);
        var root = document.RootElement;
        string name = Path.GetFileName(file);

        var subject = SubjectId.Parse(root.GetProperty("sub_id"), "sub_id", out string? subjectError);
        if (RefusedSubjects.TryGetValue(name, out string? field))
        {
            Assert.Null(subject);
            Assert.StartsWith(field, subjectError, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(subject is not null, subjectError);
        }

        var rsa = Key;
        var keys = new JsonWebKeySet();
        keys.Keys.Add(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "spec" }));
        string input = B64("""{"alg":"RS256","typ":"secevent+jwt","kid":"spec"}""") + "." + B64(claims);
        string token = input + "." + Base64UrlEncoder.Encode(rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        string audience = root.GetProperty("aud") is { ValueKind: JsonValueKind.Array } list ? list[0].GetString()! : root.GetProperty("aud").GetString()!;

        // The examples were written from 2017 to 2021: a clock at the end of 2026 and a ten-year freshness window.
        var verifier = new SetVerifier(new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero))) { MaxAge = TimeSpan.FromDays(3653) };
        var result = await verifier.VerifyAsync(token, keys, root.GetProperty("iss").GetString()!, audience);
        if (RefusedSets.TryGetValue(name, out string? error))
        {
            Assert.Equal(error, result.Error);
        }
        else
        {
            Assert.True(result.Valid, result.Description);
            Assert.Equal(root.GetProperty("events").EnumerateObject().Single().Name, result.EventType);
        }
    }

    [Fact]
    public void SpecRiscAccountDisabledExample_RawTextWithTrailingComma_IsNotJson()
    {
        string raw = File.ReadAllText(Path.Combine(Directory, "openid-risc-1_0", "05-account-disabled.raw-has-trailing-comma.json.txt"));
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(raw));
    }

    private static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
