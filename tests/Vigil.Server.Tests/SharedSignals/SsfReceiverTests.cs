using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.SharedSignals;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Vigil as a receiver (issue 16, items 1 and 2): B configures a stream with A from A's discovery document, verifies
/// it, and A's signals change B's decisions, by poll and by push.
/// </summary>
public sealed class SsfReceiverTests
{
    [Theory]
    [InlineData("poll")]
    [InlineData("push")]
    public async Task ConfirmCompromisedOnA_StreamedToB_BDeniesTheUserAndItsSession(string delivery)
    {
        await using var pair = await SsfPair.StartAsync();
        var before = await pair.DecideOnBAsync("alice@example.com", "s-1");
        Assert.True(before.GetProperty("decision").GetBoolean());
        Assert.DoesNotContain("VG1906", SsfPair.Reasons(before));

        var stream = await pair.ReceiveAsync(delivery);
        string id = stream.GetProperty("id").GetString()!;
        Assert.Equal(SsfPair.IssuerA, stream.GetProperty("transmitter").GetString());
        Assert.Equal("vigil-b", stream.GetProperty("aud").GetString());
        var receiver = pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(id)!.Verified), "the verification event");

        var feedback = await pair.A.PostJsonAsync("/v1/feedback", """{"identity":"alice@example.com","kind":"confirm_compromised"}""");
        Assert.Equal(HttpStatusCode.OK, feedback.Response.StatusCode);
        await SsfPair.WaitForAsync(async () => SsfPair.Reasons(await pair.DecideOnBAsync("alice@example.com", "s-2")).Contains("VG1906"), "B to hold A's credential-compromise");

        var after = await pair.DecideOnBAsync("alice@example.com", "s-1");
        Assert.False(after.GetProperty("decision").GetBoolean());
        Assert.Contains("VG1906", SsfPair.Reasons(after));
        await SsfPair.WaitForAsync(async () => SsfPair.Reasons(await pair.DecideOnBAsync("alice@example.com", "s-1")).Contains("VG1402"), "the revoked session to count as replay");
        Assert.DoesNotContain("VG1906", SsfPair.Reasons(await pair.DecideOnBAsync("bob@example.com", "s-3"))); // only the subject is affected
    }

    [NodeFact]
    public async Task PairStreams_EverySetBReceivesByPushAndByPoll_AlsoVerifiedByJose()
    {
        await using var pair = await SsfPair.StartAsync();
        string push = (await pair.ReceiveAsync("push")).GetProperty("id").GetString()!;
        string poll = (await pair.ReceiveAsync("poll")).GetProperty("id").GetString()!;
        var receiver = pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(push)!.Verified && receiver.Find(poll)!.Verified), "both verification events");

        var feedback = await pair.A.PostJsonAsync("/v1/feedback", """{"identity":"alice@example.com","kind":"confirm_compromised"}""");
        Assert.Equal(HttpStatusCode.OK, feedback.Response.StatusCode);
        await SsfPair.WaitForAsync(() => Task.FromResult(pair.Router.Sets.Count(t => SsfHarness.EventType(t) == SsfEventTypes.CredentialCompromise) >= 2),
            "credential-compromise delivered on both streams");

        // The SETs exactly as B received them, pushed or polled, checked by jose against A's published keys.
        string[] delivered = [.. pair.Router.Sets];
        using var jwks = await pair.A.Client.GetAsync("/ssf/jwks.json");
        var payloads = await JoseVerifier.AssertAllValidAsync(await jwks.Content.ReadAsStringAsync(), SsfPair.IssuerA, "vigil-b", delivered);
        var types = payloads.Select(p => p.GetProperty("events").EnumerateObject().Single().Name).ToHashSet();
        Assert.Superset(new HashSet<string> { SsfEventTypes.Verification, SsfEventTypes.SessionRevoked, SsfEventTypes.CredentialCompromise }, types);
    }

    [Fact]
    public async Task Configure_MalformedOrUnusable_ProblemNamesTheMember_AndSecretsAreNeverListed()
    {
        await using var pair = await SsfPair.StartAsync();
        var cases = new (string Body, string Member)[]
        {
            ("""{"delivery":"poll"}""", "transmitter"),
            ("""{"transmitter":"ftp://x.example.com"}""", "transmitter"),
            ("""{"transmitter":"http://127.0.0.1:8441","delivery":"carrier-pigeon"}""", "delivery"),
            ("""{"transmitter":"http://127.0.0.1:8441","events_requested":[7]}""", "events_requested[0]"),
            ("""{"transmitter":"http://127.0.0.1:8449"}""", "transmitter"), // nothing there
            ("""{"transmitter":"http://127.0.0.1:8441","api_key":"wrong"}""", "transmitter"), // A refuses to create the stream
        };
        foreach (var (body, member) in cases)
        {
            var (response, problem) = await pair.B.PostJsonAsync("/v1/admin/ssf/receivers", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith(member, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        string reader = await pair.B.CreateKeyAsync("viewer", "read");
        var (forbidden, _) = await pair.B.PostJsonAsync("/v1/admin/ssf/receivers", """{"transmitter":"http://127.0.0.1:8441"}""", pair.B.ClientWithKey(reader));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        await pair.ReceiveAsync("push");
        string listed = await pair.B.Client.GetStringAsync("/v1/admin/ssf/receivers");
        Assert.DoesNotContain(pair.KeyForB, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", listed, StringComparison.Ordinal);
        Assert.Contains("\"delivery\":\"urn:ietf:rfc:8935\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reverify_AdminAsks_NewStateEchoedByTheTransmitterVerifiesAgain()
    {
        await using var pair = await SsfPair.StartAsync();
        string id = (await pair.ReceiveAsync("poll")).GetProperty("id").GetString()!;
        var receiver = pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(id)!.Verified), "the first verification");
        string? first = receiver.Find(id)!.VerificationState;

        var (response, _) = await pair.B.PostJsonAsync("/v1/admin/ssf/receivers/verify?id=" + id, "");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotEqual(first, receiver.Find(id)!.VerificationState);
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(id)!.Verified), "the second verification");

        var (deleted, _) = await pair.SendDeleteAsync("/v1/admin/ssf/receivers?id=" + id);
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Null(receiver.Find(id));
    }
}
