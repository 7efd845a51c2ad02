using System.Net;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Conformance module "invalid requests": each malformed management or poll request is a 400 whose detail names the
/// field. One service for all cases (a refused request changes nothing), so the cases cost a request each.
/// </summary>
public sealed class SsfMalformedRequestTests(SsfMalformedRequestTests.Service fixture) : IClassFixture<SsfMalformedRequestTests.Service>
{
    [Theory]
    [InlineData("POST", "/ssf/streams", """[]""", "body")]
    [InlineData("POST", "/ssf/streams", """{"delivery":{"method":"urn:example:carrier-pigeon"}}""", "delivery.method")]
    [InlineData("POST", "/ssf/streams", """{"delivery":{"method":"urn:ietf:rfc:8935"}}""", "delivery.endpoint_url")]
    [InlineData("POST", "/ssf/streams", """{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"ftp://r.example/x"}}""", "delivery.endpoint_url")]
    [InlineData("POST", "/ssf/streams", """{"delivery":{"method":"urn:ietf:rfc:8936","endpoint_url":"https://r.example/x"}}""", "delivery.endpoint_url")]
    [InlineData("POST", "/ssf/streams", """{"delivery":{"method":"urn:ietf:rfc:8935","endpoint_url":"https://r.example/x","authorization_header":"a\nb"}}""", "delivery.authorization_header")]
    [InlineData("POST", "/ssf/streams", """{"events_requested":"all"}""", "events_requested")]
    [InlineData("POST", "/ssf/streams", """{"events_requested":[1]}""", "events_requested[0]")]
    [InlineData("POST", "/ssf/streams", """{"description":7}""", "description")]
    [InlineData("PATCH", "/ssf/streams", """{"description":"x"}""", "stream_id")]
    [InlineData("POST", "/ssf/status", """{"stream_id":"{id}","status":"asleep"}""", "status")]
    [InlineData("POST", "/ssf/status", """{"stream_id":"{id}","status":"paused","reason":5}""", "reason")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}"}""", "subject")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}","subject":{"format":"phone","phone_number":"+1 206 555 0123"}}""", "subject.format")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}","subject":{"format":"email"}}""", "subject.email")]
    [InlineData("POST", "/ssf/subjects/remove", """{"stream_id":"{id}","subject":{"format":"complex","user":{"format":"opaque"}}}""", "subject.user.id")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}","subject":{"format":"complex","pet":{"format":"opaque","id":"x"}}}""", "subject.pet")]
    [InlineData("POST", "/ssf/verify", """{"stream_id":"{id}","state":{"a":1}}""", "state")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}","subject":{"format":"complex","user":"alice"}}""", "subject.user")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}","subject":{"format":"complex","user":{"format":"complex","user":{"format":"opaque","id":"a"}}}}""", "subject.user")]
    [InlineData("POST", "/ssf/subjects/add", """{"stream_id":"{id}","subject":"alice@example.com"}""", "subject")]
    [InlineData("POST", "/ssf/status", """[1]""", "stream_id")]
    [InlineData("POST", "/ssf/verify", "\"x\"", "stream_id")]
    [InlineData("POST", "/ssf/poll/{id}", """[]""", "body")]
    [InlineData("POST", "/ssf/poll/{id}", """{"maxEvents":1.5}""", "maxEvents")]
    [InlineData("POST", "/ssf/poll/{id}", """{"ack":[7]}""", "ack[0]")]
    [InlineData("POST", "/ssf/poll/{id}", """{"setErrs":[]}""", "setErrs")]
    [InlineData("POST", "/ssf/poll/{id}", """{"maxEvents":-1}""", "maxEvents")]
    [InlineData("POST", "/ssf/poll/{id}", """{"returnImmediately":"yes"}""", "returnImmediately")]
    [InlineData("POST", "/ssf/poll/{id}", """{"ack":"abc"}""", "ack")]
    [InlineData("POST", "/ssf/poll/{id}", """{"setErrs":{"abc":{"description":"no err"}}}""", "setErrs.abc.err")]
    public async Task Request_Malformed_400NamingTheField(string method, string path, string body, string field)
    {
        var (ssf, id) = (fixture.Ssf, fixture.StreamId);
        var (response, problem) = await ssf.SendAsync(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body.Replace("{id}", id, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The shared service, with one poll stream the cases name as {id}.</summary>
    public sealed class Service : IAsyncLifetime
    {
        public SsfHarness Ssf { get; private set; } = null!;

        public string StreamId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Ssf = await SsfHarness.StartAsync();
            StreamId = (await Ssf.CreatePollStreamAsync("https://schemas.openid.net/secevent/caep/event-type/risk-level-change")).GetProperty("stream_id").GetString()!;
        }

        public async Task DisposeAsync() => await Ssf.DisposeAsync();
    }
}
