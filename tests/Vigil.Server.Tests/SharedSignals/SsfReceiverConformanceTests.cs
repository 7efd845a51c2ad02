using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.SharedSignals;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// The receiver cases of the OpenID conformance suite's SSF plan, against B's push endpoint (RFC 8935) with SETs
/// signed by A's real key: happy path, wrong verification state, and invalid SETs refused with 400 and an
/// <c>err</c> (bad signature, wrong iss, aud or typ, replayed jti, stale); then each CAEP/RISC event's effect on B.
/// </summary>
public sealed class SsfReceiverConformanceTests
{
    private const string Carol = "carol@example.com";

    private sealed record Setup(SsfPair Pair, ReceiverStream Stream, SigningKey Key, string Authorization) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Pair.DisposeAsync();
    }

    private static async Task<Setup> StartAsync()
    {
        var pair = await SsfPair.StartAsync();
        string id = (await pair.ReceiveAsync("push")).GetProperty("id").GetString()!;
        var stream = pair.B.Services.GetRequiredService<SsfReceiver>().Find(id)!;
        string authorization = pair.A.Services.GetRequiredService<SsfDatabase>().FindStream(stream.StreamId)!.AuthorizationHeader!;
        return new Setup(pair, stream, pair.A.Services.GetRequiredService<SsfKeyRing>().Current(), authorization);
    }

    private static string Sign(Setup s, string eventType, Action<Utf8JsonWriter>? body = null, string? issuer = null, string? audience = null, string? jti = null,
        long? iat = null, SubjectId? subject = null) =>
        SecurityEventToken.Sign(s.Key, issuer ?? SsfPair.IssuerA, audience ?? s.Stream.Audience, jti ?? SecurityEventToken.NewId(), iat ?? TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), null,
            subject ?? SubjectId.ForIdentity(Carol, null), eventType, body);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PushAsync(Setup s, string token, string? authorization = "", string contentType = "application/secevent+jwt")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SsfReceiver.ReceivePath + "/" + s.Stream.Id) { Content = new StringContent(token, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization.Length == 0 ? s.Authorization : authorization);
        }

        using var client = s.Pair.B.ClientWithKey("none");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Push_InvalidSets_RefusedWith400AndTheirErr_ValidOnceThenReplayIgnored()
    {
        await using var s = await StartAsync();
        string valid = Sign(s, SsfEventTypes.SessionRevoked);

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, valid)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, valid)).Status); // a replayed jti is acknowledged, not applied again

        string[] parts = valid.Split('.');
        string badSignature = parts[0] + "." + parts[1] + "." + SsfKeyRing.Base64Url(RandomNumberGenerator.GetBytes(256));
        string wrongTyp = CompactJws.Sign(s.Key, "JWT", w =>
        {
            w.WriteString("iss", SsfPair.IssuerA);
            w.WriteString("aud", s.Stream.Audience);
            w.WriteString("jti", "t1");
            w.WriteNumber("iat", TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
            w.WriteStartObject("events");
            w.WriteStartObject(SsfEventTypes.SessionRevoked);
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var cases = new (string Token, string Err)[]
        {
            (badSignature, "invalid_key"),
            (Sign(s, SsfEventTypes.SessionRevoked, issuer: "http://127.0.0.1:9999"), "invalid_issuer"),
            (Sign(s, SsfEventTypes.SessionRevoked, audience: "someone-else"), "invalid_audience"),
            (wrongTyp, "invalid_request"),
            (Sign(s, SsfEventTypes.SessionRevoked, iat: TimeProvider.System.GetUtcNow().AddDays(-8).ToUnixTimeSeconds()), "invalid_request"), // stale
            ("not a jwt", "invalid_request"),
        };
        foreach (var (token, err) in cases)
        {
            var (status, body) = await PushAsync(s, token);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(err, body.GetProperty("err").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("description").GetString()));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(s, valid, authorization: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(s, valid, authorization: "Bearer wrong")).Status);
        var (typeStatus, typeBody) = await PushAsync(s, Sign(s, SsfEventTypes.SessionRevoked), contentType: "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, typeStatus);
        Assert.Contains("Content-Type", typeBody.GetProperty("description").GetString(), StringComparison.Ordinal);
        var (bigStatus, bigBody) = await PushAsync(s, new string('a', 70 * 1024));
        Assert.Equal(HttpStatusCode.BadRequest, bigStatus);
        Assert.Equal("invalid_request", bigBody.GetProperty("err").GetString());
    }

    [Fact]
    public async Task Push_VerificationWithWrongState_StreamStaysUnverified_RightStateVerifies()
    {
        await using var s = await StartAsync();
        var receiver = s.Pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(s.Stream.Id)!.Verified), "A's verification event");
        // A fresh stream's verification state is what B asked for; a SET with another state proves nothing.
        receiver.Update(s.Stream.Id, x => x with { Verified = false, VerificationState = "expected" });
        var streamSubject = SubjectId.ForStream(s.Stream.StreamId);

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.Verification, w => w.WriteString("state", "forged"), subject: streamSubject))).Status);
        Assert.False(receiver.Find(s.Stream.Id)!.Verified);
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.Verification, w => w.WriteString("state", "expected"), subject: streamSubject))).Status);
        Assert.True(receiver.Find(s.Stream.Id)!.Verified);

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.StreamUpdated, w => w.WriteString("status", "paused"), subject: streamSubject))).Status);
        Assert.Equal("paused", receiver.Find(s.Stream.Id)!.TransmitterStatus);
    }

    [Fact]
    public async Task Push_CaepAndRiscEvents_ChangeBsRiskAndDecisions()
    {
        await using var s = await StartAsync();
        Assert.DoesNotContain("VG1904", SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "c-1")));

        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.RiskLevelChange, w =>
        {
            w.WriteString("principal", "USER");
            w.WriteString("current_level", "HIGH");
            w.WriteString("previous_level", "LOW");
        }))).Status);
        var high = await s.Pair.DecideOnBAsync(Carol, "c-1");
        Assert.Contains("VG1904", SsfPair.Reasons(high));
        Assert.False(high.GetProperty("decision").GetBoolean());

        await PushAsync(s, Sign(s, SsfEventTypes.RiskLevelChange, w =>
        {
            w.WriteString("principal", "USER");
            w.WriteString("current_level", "LOW");
        }));
        Assert.DoesNotContain("VG1904", SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "c-1")));

        await PushAsync(s, Sign(s, "https://schemas.openid.net/secevent/caep/event-type/credential-change", w =>
        {
            w.WriteString("credential_type", "password");
            w.WriteString("change_type", "update");
        }));
        Assert.Contains("VG1905", SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "c-1")));

        await PushAsync(s, Sign(s, "https://schemas.openid.net/secevent/risc/event-type/account-disabled"));
        Assert.Contains("VG1906", SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "c-1")));
        await PushAsync(s, Sign(s, "https://schemas.openid.net/secevent/risc/event-type/account-enabled"));
        Assert.DoesNotContain("VG1906", SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "c-1")));

        // A bad level names the member.
        var (status, body) = await PushAsync(s, Sign(s, SsfEventTypes.RiskLevelChange, w => w.WriteString("current_level", "SEVERE")));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("current_level", body.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_SessionRevoked_LaterUseOfThatSessionIsReplay()
    {
        await using var s = await StartAsync();
        await s.Pair.DecideOnBAsync(Carol, "sess-9");
        var session = SubjectId.ForIdentity(Carol, null, "sess-9");
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.SessionRevoked, subject: session))).Status);
        await SsfPair.WaitForAsync(async () => SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "sess-9")).Contains("VG1402"), "the revoked session to count as replay");
        Assert.DoesNotContain("VG1402", SsfPair.Reasons(await s.Pair.DecideOnBAsync(Carol, "sess-10")));
    }

    [Fact]
    public async Task Push_DeviceComplianceChange_BecomesDevicePosture()
    {
        await using var s = await StartAsync();
        var device = SubjectId.ForDevice(Carol, null, "laptop-7");
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.DeviceComplianceChange, w =>
        {
            w.WriteString("previous_status", "compliant");
            w.WriteString("current_status", "not-compliant");
        }, subject: device))).Status);
        string question = JsonSerializer.Serialize(new
        {
            subject = new { type = "user", id = Carol },
            action = new { name = "read" },
            resource = new { type = "doc", id = "d" },
            context = new { device_id = "laptop-7", ip = "198.51.100.7" },
        });
        await SsfPair.WaitForAsync(async () =>
        {
            var (_, answer) = await s.Pair.B.PostJsonAsync("/access/v1/evaluation", question);
            return SsfPair.Reasons(answer).Contains("VG1301");
        }, "the device to be non-compliant");
    }

    [Fact]
    public async Task Push_EverySpecSetExample_ReSignedForTheStream_AcceptedAndApplied()
    {
        await using var s = await StartAsync();
        string directory = Path.Combine(SsfStreamTests.SamplesDirectory, "openid");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "MANIFEST.json")));
        var outcomes = new List<string>();
        foreach (var entry in manifest.RootElement.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "SET"))
        {
            string file = entry.GetProperty("file").GetString()!;
            var claims = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, file)))!.AsObject();
            // The stream's own issuer, audience, a fresh jti and iat: the example's event and subject as written.
            claims["iss"] = SsfPair.IssuerA;
            claims["aud"] = s.Stream.Audience;
            claims["jti"] = SecurityEventToken.NewId();
            claims["iat"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            string token = CompactJws.Sign(s.Key, "secevent+jwt", w =>
            {
                foreach (var (name, value) in claims)
                {
                    w.WritePropertyName(name);
                    if (value is null)
                    {
                        w.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(w);
                    }
                }
            });
            var (status, body) = await PushAsync(s, token);
            Assert.True(status == HttpStatusCode.Accepted, $"{file}: {(int)status} {body}");
            outcomes.Add(file);
        }

        Assert.True(outcomes.Count >= 20, "the manifest lists the SET examples");
        // Applied, not only acknowledged: the RISC credential-compromise example's subject is now at risk on B.
        var compromise = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "openid-risc-1_0", "04-credential-compromise.json")))!;
        string subject = compromise["sub_id"]!["sub"]!.GetValue<string>(); // an iss_sub subject: its sub is the identity
        Assert.Contains("VG1906", SsfPair.Reasons(await s.Pair.DecideOnBAsync(subject, "x")));
    }

    [Fact]
    public async Task Decide_StepUpRequired_AssuranceLevelChangeTransmittedOncePerQuietTime()
    {
        await using var s = await StartAsync();
        // B transmits too: a receiver of B's own (an application) polls for assurance-level-change.
        string appKey = await s.Pair.B.CreateKeyAsync("app.example.com", "ssf:manage");
        var app = s.Pair.B.ClientWithKey(appKey);
        var (created, stream) = await s.Pair.B.PostJsonAsync("/ssf/streams",
            """{"delivery":{"method":"urn:ietf:rfc:8936"},"events_requested":["https://schemas.openid.net/secevent/caep/event-type/assurance-level-change"]}""", app);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string streamId = stream.GetProperty("stream_id").GetString()!;

        var (pushed, pushBody) = await PushAsync(s, Sign(s, SsfEventTypes.RiskLevelChange, w => w.WriteString("current_level", "HIGH")));
        Assert.True(pushed == HttpStatusCode.Accepted, pushBody.ToString());
        var answer = await s.Pair.DecideOnBAsync(Carol, "c-1");
        Assert.False(answer.GetProperty("decision").GetBoolean(), answer.ToString());
        Assert.True(answer.GetProperty("context").TryGetProperty("acr_values", out _), answer.ToString());
        await s.Pair.DecideOnBAsync(Carol, "c-1"); // within the quiet time: no second SET

        var only = await PollSingleAsync(s, app, streamId, SsfEventTypes.AssuranceLevelChange);
        var (_, payload) = SsfHarness.Decode(only);
        Assert.Equal(Carol, payload.GetProperty("sub_id").GetProperty("email").GetString());
        var body = payload.GetProperty("events").GetProperty(SsfEventTypes.AssuranceLevelChange);
        Assert.Equal("Custom", body.GetProperty("namespace").GetString());
        Assert.Equal("decrease", body.GetProperty("change_direction").GetString());
        Assert.Contains("step-up", body.GetProperty("reason_admin").GetProperty("en").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_EnforcedDenyWithinASession_SessionRevokedForThatSessionOncePerQuietTime()
    {
        await using var s = await StartAsync();
        // Decided before any stream takes session-revoked, so the signal below re-decides nothing (continuous
        // re-evaluation, tested on its own): the deny of the next request is what revokes the session here.
        Assert.True((await s.Pair.DecideOnBAsync(Carol, "live-1")).GetProperty("decision").GetBoolean()); // a permit revokes nothing

        // B transmits too: an application of B's polls for session-revoked.
        string appKey = await s.Pair.B.CreateKeyAsync("app.example.com", "ssf:manage");
        var app = s.Pair.B.ClientWithKey(appKey);
        var (created, stream) = await s.Pair.B.PostJsonAsync("/ssf/streams",
            """{"delivery":{"method":"urn:ietf:rfc:8936"},"events_requested":["https://schemas.openid.net/secevent/caep/event-type/session-revoked"]}""", app);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string streamId = stream.GetProperty("stream_id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, "https://schemas.openid.net/secevent/risc/event-type/account-disabled"))).Status);
        var denied = await s.Pair.DecideOnBAsync(Carol, "live-1");
        Assert.False(denied.GetProperty("decision").GetBoolean(), denied.ToString());
        Assert.False(denied.GetProperty("context").TryGetProperty("acr_values", out _), denied.ToString()); // a deny, not a step-up
        await s.Pair.DecideOnBAsync(Carol, "live-1"); // within the quiet time: no second SET for this session

        var only = await PollSingleAsync(s, app, streamId, SsfEventTypes.SessionRevoked);
        var (_, payload) = SsfHarness.Decode(only);
        var subject = payload.GetProperty("sub_id");
        Assert.Equal("complex", subject.GetProperty("format").GetString());
        Assert.Equal(Carol, subject.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("live-1", subject.GetProperty("session").GetProperty("id").GetString());
        var body = payload.GetProperty("events").GetProperty(SsfEventTypes.SessionRevoked);
        Assert.Equal("policy", body.GetProperty("initiating_entity").GetString());
        Assert.Contains("denied", body.GetProperty("reason_admin").GetProperty("en").GetString(), StringComparison.Ordinal);
    }

    [NodeFact]
    public async Task Push_SignalsAboutAUserWithALiveSession_BReDecidesIt_StepUpThenSessionRevokedForThatSessionVerifiedByJose()
    {
        await using var s = await StartAsync();
        // B transmits too: an application of B's polls for what its sessions need.
        string appKey = await s.Pair.B.CreateKeyAsync("app.example.com", "ssf:manage");
        var app = s.Pair.B.ClientWithKey(appKey);
        var (created, stream) = await s.Pair.B.PostJsonAsync("/ssf/streams",
            """{"delivery":{"method":"urn:ietf:rfc:8936"},"events_requested":["https://schemas.openid.net/secevent/caep/event-type/session-revoked","https://schemas.openid.net/secevent/caep/event-type/assurance-level-change"]}""", app);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string streamId = stream.GetProperty("stream_id").GetString()!;
        Assert.True((await s.Pair.DecideOnBAsync(Carol, "live-2")).GetProperty("decision").GetBoolean());

        // The identity provider says Carol's risk is HIGH: B re-decides live-2 without being asked, and it now needs a step-up.
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, SsfEventTypes.RiskLevelChange, w =>
        {
            w.WriteString("principal", "USER");
            w.WriteString("current_level", "HIGH");
        }))).Status);
        string stepUp = await PollSingleAsync(s, app, streamId, SsfEventTypes.AssuranceLevelChange);

        // Then her account is disabled: live-2 is now denied, so it is revoked; the step-up is not sent again.
        Assert.Equal(HttpStatusCode.Accepted, (await PushAsync(s, Sign(s, "https://schemas.openid.net/secevent/risc/event-type/account-disabled"))).Status);
        string revoked = await PollSingleAsync(s, app, streamId, SsfEventTypes.SessionRevoked);

        using var jwks = await s.Pair.B.Client.GetAsync("/ssf/jwks.json");
        var payloads = await JoseVerifier.AssertAllValidAsync(await jwks.Content.ReadAsStringAsync(), SsfPair.IssuerB, "app.example.com", [stepUp, revoked]);
        foreach (var payload in payloads)
        {
            var subject = payload.GetProperty("sub_id");
            Assert.Equal("complex", subject.GetProperty("format").GetString());
            Assert.Equal(Carol, subject.GetProperty("user").GetProperty("email").GetString());
            Assert.Equal("live-2", subject.GetProperty("session").GetProperty("id").GetString());
        }

        var assurance = payloads[0].GetProperty("events").GetProperty(SsfEventTypes.AssuranceLevelChange);
        Assert.Equal("decrease", assurance.GetProperty("change_direction").GetString());
        Assert.Contains("sent risk-level-change", assurance.GetProperty("reason_admin").GetProperty("en").GetString(), StringComparison.Ordinal);
        var session = payloads[1].GetProperty("events").GetProperty(SsfEventTypes.SessionRevoked);
        Assert.Contains("sent account-disabled", session.GetProperty("reason_admin").GetProperty("en").GetString(), StringComparison.Ordinal);

        var view = JsonDocument.Parse(await s.Pair.B.Client.GetStringAsync("/v1/identities/" + Uri.EscapeDataString(Carol))).RootElement;
        Assert.Equal(["deny", "step_up"], view.GetProperty("session_reevaluations").EnumerateArray().Select(r => r.GetProperty("now").GetString()));
    }

    /// <summary>
    /// The one SET of <paramref name="eventType"/> B's stream delivers. It is signed off the decision's thread, so this
    /// polls (acknowledging) until it is there, then once more to show no second one follows.
    /// </summary>
    private static async Task<string> PollSingleAsync(Setup s, HttpClient app, string streamId, string eventType)
    {
        var tokens = new List<string>();
        async Task PollAsync()
        {
            var (polled, sets) = await s.Pair.B.PostJsonAsync("/ssf/poll/" + streamId, JsonSerializer.Serialize(new { returnImmediately = true, ack = tokens.Select(t => SsfHarness.Decode(t).Payload.GetProperty("jti").GetString()) }), app);
            Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
            tokens.AddRange(sets.GetProperty("sets").EnumerateObject().Select(p => p.Value.GetString()!).Where(t => SsfHarness.EventType(t) == eventType));
        }

        await SsfPair.WaitForAsync(async () =>
        {
            await PollAsync();
            return tokens.Count > 0;
        }, "the " + eventType + " SET");
        await PollAsync();
        return Assert.Single(tokens);
    }
}
