using System.Net;
using System.Text.Json;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Conformance modules "verification", "poll delivery", "push delivery", "redelivery", with the events Vigil
/// transmits. Every SET is checked by the npm package jose (<see cref="JoseVerifier"/>) against the published JWKS.
/// </summary>
public sealed class SsfDeliveryTests
{
    private const string Verification = "https://schemas.openid.net/secevent/ssf/event-type/verification";
    private const string StreamUpdated = "https://schemas.openid.net/secevent/ssf/event-type/stream-updated";
    private const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    private const string CredentialCompromise = "https://schemas.openid.net/secevent/risc/event-type/credential-compromise";

    [NodeFact]
    public async Task Verify_SpecExampleState_PollReturnsSetVerifiedByJoseAndAckRemovesIt()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(SsfStreamTests.SamplesDirectory, "openid", "openid-sharedsignals-framework-1_0", "37-example-trigger-verification-request.json"))).RootElement;
        string state = example.GetProperty("state").GetString()!;
        var (response, _) = await ssf.SendAsync(HttpMethod.Post, "/ssf/verify", JsonSerializer.Serialize(new { stream_id = id, state }));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var (sets, more) = await ssf.PollAsync(id, new { maxEvents = 10, returnImmediately = true });
        var (jti, token) = Assert.Single(sets);
        Assert.False(more);
        var payload = Assert.Single(await JoseVerifier.AssertAllValidAsync(await ssf.JwksAsync(), SsfHarness.Issuer, SsfHarness.Receiver, [token]));
        Assert.Equal(jti, payload.GetProperty("jti").GetString());
        Assert.Contains("\"typ\":\"secevent+jwt\"", System.Text.Encoding.UTF8.GetString(SsfHarness.Base64Url(token.Split('.')[0])), StringComparison.Ordinal);
        Assert.Equal(state, payload.GetProperty("events").GetProperty(Verification).GetProperty("state").GetString());
        Assert.Equal("opaque", payload.GetProperty("sub_id").GetProperty("format").GetString());
        Assert.Equal(id, payload.GetProperty("sub_id").GetProperty("id").GetString());

        // Not acknowledged: delivered again (RFC 8936 section 2.4). Acknowledged: gone.
        Assert.Equal(jti, Assert.Single((await ssf.PollAsync(id, new { returnImmediately = true })).Sets).Key);
        Assert.Empty((await ssf.PollAsync(id, new { ack = new[] { jti }, returnImmediately = true })).Sets);
    }

    [Fact]
    public async Task Poll_MoreQueuedThanMaxEvents_MoreAvailableAndInOrder()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync()).GetProperty("stream_id").GetString()!;
        for (int i = 0; i < 3; i++)
        {
            await ssf.SendAsync(HttpMethod.Post, "/ssf/verify", JsonSerializer.Serialize(new { stream_id = id, state = "s" + i }));
        }

        var (first, more) = await ssf.PollAsync(id, new { maxEvents = 2, returnImmediately = true });
        Assert.True(more);
        var (rest, noMore) = await ssf.PollAsync(id, new { maxEvents = 2, returnImmediately = true, ack = first.Select(s => s.Key) });
        Assert.False(noMore);
        var states = first.Concat(rest).Select(s => SsfHarness.Decode(s.Value).Payload.GetProperty("events").GetProperty(Verification).GetProperty("state").GetString());
        Assert.Equal(["s0", "s1", "s2"], states);
    }

    [Fact]
    public async Task Poll_LongPollWaiting_AnsweredWhenASetArrives()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync()).GetProperty("stream_id").GetString()!;
        var poll = ssf.PollAsync(id, new { maxEvents = 5, returnImmediately = false });
        await ssf.SendAsync(HttpMethod.Post, "/ssf/verify", JsonSerializer.Serialize(new { stream_id = id, state = "late" }));
        var (sets, _) = await poll;
        Assert.Equal(Verification, SsfHarness.EventType(Assert.Single(sets).Value));
    }

    [NodeFact]
    public async Task Feedback_ConfirmCompromised_SessionRevokedAndCredentialCompromiseShareTxn()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(SessionRevoked, CredentialCompromise)).GetProperty("stream_id").GetString()!;
        await ssf.FeedbackAsync("jane.doe@example.com", "confirm_compromised");

        var (sets, _) = await ssf.PollAsync(id, new { returnImmediately = true });
        var payloads = await JoseVerifier.AssertAllValidAsync(await ssf.JwksAsync(), SsfHarness.Issuer, SsfHarness.Receiver, sets.Select(s => s.Value).ToList());
        Assert.Equal([SessionRevoked, CredentialCompromise], payloads.Select(p => p.GetProperty("events").EnumerateObject().Single().Name));
        Assert.Single(payloads.Select(p => p.GetProperty("txn").GetString()).Distinct());
        foreach (var p in payloads)
        {
            Assert.Equal("email", p.GetProperty("sub_id").GetProperty("format").GetString());
            Assert.Equal("jane.doe@example.com", p.GetProperty("sub_id").GetProperty("email").GetString());
        }

        var revoked = payloads[0].GetProperty("events").GetProperty(SessionRevoked);
        Assert.False(string.IsNullOrWhiteSpace(revoked.GetProperty("reason_admin").GetProperty("en").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(revoked.GetProperty("reason_user").GetProperty("en").GetString()));
        Assert.Equal("password", payloads[1].GetProperty("events").GetProperty(CredentialCompromise).GetProperty("credential_type").GetString());
    }

    [Fact]
    public async Task Feedback_StreamNotRequestingTheEvent_GetsNothing()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(CredentialCompromise)).GetProperty("stream_id").GetString()!;
        await ssf.FeedbackAsync("u1", "confirm_compromised");
        await ssf.FeedbackAsync("u1", "confirm_safe");
        var (sets, _) = await ssf.PollAsync(id, new { returnImmediately = true });
        Assert.Equal([CredentialCompromise], sets.Select(s => SsfHarness.EventType(s.Value)));
    }

    [Fact]
    public async Task Feedback_ReceiverBoundToATenant_GetsOnlyThatTenantsIdentities()
    {
        await using var ssf = await SsfHarness.StartAsync();
        var (created, key) = await ssf.Service.PostJsonAsync("/v1/admin/api-keys", """{"name":"acme-idp","scopes":["ssf:manage"],"tenant":"acme"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var acme = ssf.Service.ClientWithKey(key.GetProperty("key").GetString()!);
        var (_, stream) = await ssf.SendAsync(HttpMethod.Post, "/ssf/streams", $$"""{"delivery":{"method":"urn:ietf:rfc:8936"},"events_requested":["{{SessionRevoked}}"]}""", acme);
        string id = stream.GetProperty("stream_id").GetString()!;

        await ssf.Service.PostJsonAsync("/v1/feedback", """{"identity":"jane@example.com","kind":"confirm_compromised"}""");
        await ssf.Service.PostJsonAsync("/v1/feedback", """{"identity":"jane@example.com","kind":"confirm_compromised","tenant":"globex"}""");
        await ssf.Service.PostJsonAsync("/v1/feedback", """{"identity":"wile@example.com","kind":"confirm_compromised","tenant":"acme"}""");

        var (_, polled) = await ssf.SendAsync(HttpMethod.Post, "/ssf/poll/" + id, """{"returnImmediately":true}""", acme);
        var token = Assert.Single(polled.GetProperty("sets").EnumerateObject()).Value.GetString()!;
        var subject = SsfHarness.Decode(token).Payload.GetProperty("sub_id");
        Assert.Equal("wile@example.com", subject.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("acme", subject.GetProperty("tenant").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Subjects_RemovedThenAddedBack_EventsOnlyWhileIncluded()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(SsfStreamTests.SamplesDirectory, "openid", "openid-sharedsignals-framework-1_0", "35-example-add-subject-request.json"))).RootElement;
        string subject = example.GetProperty("subject").GetRawText();
        Assert.Equal(HttpStatusCode.NoContent, (await ssf.SendAsync(HttpMethod.Post, "/ssf/subjects/remove", $$"""{"stream_id":"{{id}}","subject":{{subject}}}""")).Response.StatusCode);
        await ssf.FeedbackAsync("Example.User@example.com", "confirm_compromised"); // email addresses match case-insensitively
        await ssf.FeedbackAsync("someone.else@example.com", "confirm_compromised");

        var example35 = example.GetRawText().Replace("f67e39a0a4d34d56b3aa1bc4cff0069f", id, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ssf.SendAsync(HttpMethod.Post, "/ssf/subjects/add", example35)).Response.StatusCode);
        await ssf.FeedbackAsync("example.user@example.com", "confirm_compromised");

        var (sets, _) = await ssf.PollAsync(id, new { returnImmediately = true });
        Assert.Equal(["someone.else@example.com", "example.user@example.com"], sets.Select(s => SsfHarness.Decode(s.Value).Payload.GetProperty("sub_id").GetProperty("email").GetString()));
    }

    [Fact]
    public async Task RemoveSubject_SpecExampleWithPhoneFormat_400NamingTheFormat()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;
        string example = File.ReadAllText(Path.Combine(SsfStreamTests.SamplesDirectory, "openid", "openid-sharedsignals-framework-1_0", "36-example-remove-subject-request.json")).Replace("f67e39a0a4d34d56b3aa1bc4cff0069f", id, StringComparison.Ordinal);
        var (response, problem) = await ssf.SendAsync(HttpMethod.Post, "/ssf/subjects/remove", example);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("subject.format", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_PausedThenEnabled_EventsHeldThenDelivered_DisabledDropsThem()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;
        string example = File.ReadAllText(Path.Combine(SsfStreamTests.SamplesDirectory, "openid", "openid-sharedsignals-framework-1_0", "27-example-update-stream-status-request-with-optional-reason.json")).Replace("f67e39a0a4d34d56b3aa1bc4cff0069f", id, StringComparison.Ordinal);
        var (paused, status) = await ssf.SendAsync(HttpMethod.Post, "/ssf/status", example);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal("paused", status.GetProperty("status").GetString());
        await ssf.FeedbackAsync("held@example.com", "confirm_compromised");

        // Paused: only the control event (stream-updated) comes out; the session-revoked SET is held.
        var (whilePaused, _) = await ssf.PollAsync(id, new { returnImmediately = true });
        var update = Assert.Single(whilePaused);
        Assert.Equal("paused", SsfHarness.Decode(update.Value).Payload.GetProperty("events").GetProperty(StreamUpdated).GetProperty("status").GetString());

        await ssf.SendAsync(HttpMethod.Post, "/ssf/status", $$"""{"stream_id":"{{id}}","status":"enabled"}""");
        var (resumed, _) = await ssf.PollAsync(id, new { returnImmediately = true, ack = new[] { update.Key } });
        Assert.Equal([SessionRevoked, StreamUpdated], resumed.Select(s => SsfHarness.EventType(s.Value)));

        await ssf.SendAsync(HttpMethod.Post, "/ssf/status", $$"""{"stream_id":"{{id}}","status":"disabled"}""");
        await ssf.FeedbackAsync("dropped@example.com", "confirm_compromised");
        await ssf.SendAsync(HttpMethod.Post, "/ssf/status", $$"""{"stream_id":"{{id}}","status":"enabled"}""");
        var (afterDisabled, _) = await ssf.PollAsync(id, new { returnImmediately = true });
        Assert.Equal([StreamUpdated], afterDisabled.Select(s => SsfHarness.EventType(s.Value)));
    }

    [Fact]
    public async Task Outbox_Restart_UnacknowledgedSetsStillDelivered()
    {
        string dir = TempDir.Create();
        try
        {
            string id, key, jti;
            await using (var ssf = await SsfHarness.StartAsync(dir))
            {
                key = ssf.ReceiverKey;
                id = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;
                await ssf.FeedbackAsync("restart@example.com", "confirm_compromised");
                jti = Assert.Single((await ssf.PollAsync(id, new { returnImmediately = true })).Sets).Key;
            }

            await using (var ssf = await SsfHarness.StartAsync(dir, receiverKey: key))
            {
                Assert.Equal(jti, Assert.Single((await ssf.PollAsync(id, new { returnImmediately = true })).Sets).Key);
            }
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [NodeFact]
    public async Task Push_ReceiverAnswers429Then503ThenAccepts_DeliveredInOrderWithItsAuthorization()
    {
        await using var receiver = await PushReceiver.StartAsync();
        receiver.Script((429, "0"), (503, null));
        await using var ssf = await SsfHarness.StartAsync();
        string request = JsonSerializer.Serialize(new
        {
            delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = receiver.Url, authorization_header = "Bearer receiver-secret" },
            events_requested = new[] { SessionRevoked, CredentialCompromise },
        });
        string id = (await ssf.CreateStreamAsync(request)).GetProperty("stream_id").GetString()!;
        await ssf.SendAsync(HttpMethod.Post, "/ssf/verify", JsonSerializer.Serialize(new { stream_id = id, state = "push" }));
        await ssf.FeedbackAsync("pushed@example.com", "confirm_compromised");

        var refused = await receiver.NextAsync();
        Assert.Equal(429, refused.AnsweredWith);
        var unavailable = await receiver.NextAsync();
        Assert.Equal(503, unavailable.AnsweredWith);
        Assert.Equal(refused.Token, unavailable.Token); // the head is retried; nothing overtakes it
        var accepted = new List<PushReceiver.Received>();
        for (int i = 0; i < 3; i++)
        {
            accepted.Add(await receiver.NextAsync());
        }

        Assert.Equal(refused.Token, accepted[0].Token);
        Assert.All(accepted, r => Assert.Equal("application/secevent+jwt", r.ContentType));
        Assert.All(accepted, r => Assert.Equal("Bearer receiver-secret", r.Authorization));
        Assert.Equal([Verification, SessionRevoked, CredentialCompromise], accepted.Select(r => SsfHarness.EventType(r.Token)));
        await JoseVerifier.AssertAllValidAsync(await ssf.JwksAsync(), SsfHarness.Issuer, SsfHarness.Receiver, accepted.Select(r => r.Token).ToList());

        // The secret is sent, never read back.
        var (_, stream) = await ssf.SendAsync(HttpMethod.Get, "/ssf/streams?stream_id=" + id);
        Assert.DoesNotContain("receiver-secret", stream.GetRawText(), StringComparison.Ordinal);
    }
}
