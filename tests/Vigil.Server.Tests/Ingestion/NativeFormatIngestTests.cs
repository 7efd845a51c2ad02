using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Tests.Ingestion;

/// <summary><c>POST /v1/events?format=...</c>: identity providers' own formats (docs/connectors.md).</summary>
public sealed class NativeFormatIngestTests
{
    private const string Okta =
        """{"uuid":"okta-1","published":"2024-05-29T08:00:00.000Z","eventType":"user.session.start","actor":{"alternateId":"alice@example.com","type":"User"},"client":{"ipAddress":"81.2.69.142","userAgent":{"rawUserAgent":"Mozilla/5.0"}},"outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"}}""";

    private const string CloudTrailFile = """
        {
          "Records": [
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob","userName":"bob"},"eventTime":"2024-05-29T08:01:00Z",
             "eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"81.2.69.142","responseElements":{"ConsoleLogin":"Success"},"eventID":"ct-1"},
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob"},"eventTime":"never","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","eventID":"ct-2"},
            {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob"},"eventTime":"2024-05-29T08:02:00Z","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","eventID":"ct-3"}
          ]
        }
        """;

    private static async Task<(HttpResponseMessage Response, JsonElement Body)> Post(TestService service, string query, string body)
    {
        var response = await service.Client.PostAsync("/v1/events" + query, new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Ingest_AutoFormatNdjson_DetectsEachLineAndNamesTheBadOne()
    {
        await using var service = await TestService.StartAsync();
        string body = Okta + "\n" + """{"eventType":"user.session.start","published":"soon","actor":{"alternateId":"a"}}""" + "\n" + IngestTests.Event("ecs-1");
        var (response, summary) = await Post(service, "?format=auto", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        var error = Assert.Single(summary.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Contains("published", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_CloudTrailFileWithBadRecord_KeepsTheOthersAndJournalsEcsTheReplayReads()
    {
        await using var service = await TestService.StartAsync();
        var response = await service.Client.PostAsync("/v1/events", new StringContent(CloudTrailFile, Encoding.UTF8, "application/json")
        {
            Headers = { { "Vigil-Format", "cloudtrail" } },
        });
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        Assert.StartsWith("Records[1]: eventTime", summary.GetProperty("errors")[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        // The journal holds ECS: the replay after a restart (EngineHost reads the journal with the ECS reader) gets the same events.
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        var entries = store.ReadJournal(0);
        Assert.Equal(2, entries.Count);
        var reader = new EcsEventReader();
        Assert.True(reader.TryRead(entries[0].Payload, out var login, out string? error), error);
        Assert.Equal("ct-1", login.Id);
        Assert.Equal(EventKind.SignIn, login.Kind);
        Assert.Equal("arn:aws:iam::1:user/bob", login.SubjectId);
        Assert.Contains("\"dataset\":\"aws.cloudtrail\"", Encoding.UTF8.GetString(entries[0].Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_UnknownFormat_Returns400NamingIt()
    {
        await using var service = await TestService.StartAsync();
        var (response, problem) = await Post(service, "?format=splunk", Okta);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("format 'splunk'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_NativeEventWithoutFormat_StillReadAsEcsAndRefused()
    {
        // The default stays ECS: a client that names no format gets what it got before.
        await using var service = await TestService.StartAsync();
        var (response, _) = await Post(service, "", Okta);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
