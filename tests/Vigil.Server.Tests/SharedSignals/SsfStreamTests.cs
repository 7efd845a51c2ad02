using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>Conformance modules "stream create/delete", "status update", "invalid requests": the management API (SSF 1.0 section 8).</summary>
public sealed class SsfStreamTests
{
    private const string RiskLevelChange = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";
    private const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    [Fact]
    public async Task CreateStream_SpecExampleRequest_Returns201WithTransmitterSuppliedMembers()
    {
        await using var ssf = await SsfHarness.StartAsync();
        // The create-stream example of SSF 1.0 (Samples/), made a poll stream: the example's receiver URL is not ours to push to.
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(SamplesDirectory, "openid", "openid-sharedsignals-framework-1_0", "15-example-create-stream-request.json"))).RootElement;
        var request = new Dictionary<string, object?>
        {
            ["delivery"] = new { method = "urn:ietf:rfc:8936" },
            ["events_requested"] = example.GetProperty("events_requested").EnumerateArray().Select(e => e.GetString()).Append(SessionRevoked).ToArray(),
            ["description"] = example.GetProperty("description").GetString(),
        };
        var stream = await ssf.CreateStreamAsync(JsonSerializer.Serialize(request));

        string id = stream.GetProperty("stream_id").GetString()!;
        Assert.Equal(32, id.Length);
        Assert.Equal(SsfHarness.Issuer, stream.GetProperty("iss").GetString());
        Assert.Equal(SsfHarness.Receiver, stream.GetProperty("aud").GetString());
        Assert.Equal(SsfHarness.Issuer + "/ssf/poll/" + id, stream.GetProperty("delivery").GetProperty("endpoint_url").GetString());
        Assert.Contains(SessionRevoked, stream.GetProperty("events_supported").EnumerateArray().Select(e => e.GetString()));
        // Delivered = requested and supported; the example's urn:example types are not Vigil's.
        Assert.Equal([SessionRevoked], stream.GetProperty("events_delivered").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(example.GetProperty("description").GetString(), stream.GetProperty("description").GetString());
    }

    [Fact]
    public async Task ReadStream_WithAndWithoutId_ReturnsTheStreamAndTheCallersStreams()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string a = (await ssf.CreatePollStreamAsync(RiskLevelChange)).GetProperty("stream_id").GetString()!;
        string b = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;

        var (one, body) = await ssf.SendAsync(HttpMethod.Get, "/ssf/streams?stream_id=" + b);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(b, body.GetProperty("stream_id").GetString());

        var (all, list) = await ssf.SendAsync(HttpMethod.Get, "/ssf/streams");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal(new[] { a, b }.Order(), list.EnumerateArray().Select(s => s.GetProperty("stream_id").GetString()).Order());
    }

    [Fact]
    public async Task UpdateAndReplaceStream_PatchKeepsOtherMembers_PutResetsThem()
    {
        await using var ssf = await SsfHarness.StartAsync();
        var created = await ssf.CreateStreamAsync($$"""{"delivery":{"method":"urn:ietf:rfc:8936"},"events_requested":["{{RiskLevelChange}}"],"description":"first"}""");
        string id = created.GetProperty("stream_id").GetString()!;

        var (patched, patch) = await ssf.SendAsync(HttpMethod.Patch, "/ssf/streams", $$"""{"stream_id":"{{id}}","description":"second"}""");
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("second", patch.GetProperty("description").GetString());
        Assert.Equal([RiskLevelChange], patch.GetProperty("events_requested").EnumerateArray().Select(e => e.GetString()));

        var (replaced, put) = await ssf.SendAsync(HttpMethod.Put, "/ssf/streams", $$"""{"stream_id":"{{id}}","delivery":{"method":"urn:ietf:rfc:8936"},"events_requested":["{{SessionRevoked}}"]}""");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.False(put.TryGetProperty("description", out _));
        Assert.Equal([SessionRevoked], put.GetProperty("events_delivered").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task DeleteStream_Existing_204ThenReadIs404()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(RiskLevelChange)).GetProperty("stream_id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await ssf.SendAsync(HttpMethod.Delete, "/ssf/streams?stream_id=" + id)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ssf.SendAsync(HttpMethod.Get, "/ssf/streams?stream_id=" + id)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ssf.SendAsync(HttpMethod.Delete, "/ssf/streams?stream_id=" + id)).Response.StatusCode);
    }

    [Fact]
    public async Task Streams_AnotherReceiver_SeesNoneOfThemAnd404s()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(RiskLevelChange)).GetProperty("stream_id").GetString()!;
        using var other = ssf.Service.ClientWithKey(await ssf.Service.CreateKeyAsync("receiver-b", "ssf:manage"));

        var (all, list) = await ssf.SendAsync(HttpMethod.Get, "/ssf/streams", client: other);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Empty(list.EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await ssf.SendAsync(HttpMethod.Get, "/ssf/streams?stream_id=" + id, client: other)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ssf.SendAsync(HttpMethod.Delete, "/ssf/streams?stream_id=" + id, client: other)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ssf.SendAsync(HttpMethod.Post, "/ssf/poll/" + id, "{}", other)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ssf.SendAsync(HttpMethod.Post, "/ssf/status", $$"""{"stream_id":"{{id}}","status":"disabled"}""", other)).Response.StatusCode);
    }

    [Fact]
    public async Task Management_WithoutScopeOrCaller_403And401()
    {
        await using var ssf = await SsfHarness.StartAsync();
        using var evaluator = ssf.Service.ClientWithKey(await ssf.Service.CreateKeyAsync("pep", "evaluate"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ssf.SendAsync(HttpMethod.Get, "/ssf/streams", client: evaluator)).Response.StatusCode);
        using var anonymous = ssf.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ssf.SendAsync(HttpMethod.Post, "/ssf/streams", "{}", anonymous)).Response.StatusCode);
    }

    [Fact]
    public async Task CreateStream_BeyondTheReceiversLimit_409()
    {
        await using var ssf = await SsfHarness.StartAsync(maxStreamsPerReceiver: 1);
        await ssf.CreatePollStreamAsync(RiskLevelChange);
        var (response, body) = await ssf.SendAsync(HttpMethod.Post, "/ssf/streams", """{"delivery":{"method":"urn:ietf:rfc:8936"}}""");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("at most 1", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BodyLargerThanTheLimit_413()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string huge = JsonSerializer.Serialize(new { description = new string('x', 20_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await ssf.SendAsync(HttpMethod.Post, "/ssf/streams", huge)).Response.StatusCode);
    }

    [Fact]
    public async Task Streams_Restart_SurviveWithStatus()
    {
        string dir = TempDir.Create();
        try
        {
            string id, key;
            await using (var ssf = await SsfHarness.StartAsync(dir))
            {
                key = ssf.ReceiverKey;
                id = (await ssf.CreatePollStreamAsync(RiskLevelChange)).GetProperty("stream_id").GetString()!;
                Assert.Equal(HttpStatusCode.OK, (await ssf.SendAsync(HttpMethod.Post, "/ssf/status", $$"""{"stream_id":"{{id}}","status":"paused","reason":"maintenance"}""")).Response.StatusCode);
            }

            await using (var ssf = await SsfHarness.StartAsync(dir, receiverKey: key))
            {
                var (response, status) = await ssf.SendAsync(HttpMethod.Get, "/ssf/status?stream_id=" + id);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("paused", status.GetProperty("status").GetString());
                Assert.Equal("maintenance", status.GetProperty("reason").GetString());
            }
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    internal static string SamplesDirectory => Path.Combine(ServerProcess.RepositoryRoot(), "tests", "Vigil.Server.Tests", "SharedSignals", "Samples");
}
