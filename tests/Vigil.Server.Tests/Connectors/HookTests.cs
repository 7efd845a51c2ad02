using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Connectors;

/// <summary>The webhook receivers at <c>/v1/hooks/{name}</c>: Okta event hooks and Auth0 log streams (docs/connectors.md, "Webhooks").</summary>
public sealed class HookTests
{
    private const string OktaSecret = "okta-hook-secret-0123456789";
    private const string Auth0Secret = "Bearer auth0-stream-secret-0123456789";

    private static string Config(string dir, string oktaHeader = "Authorization") =>
        $$"""
        {"connectors":[
          {"name":"okta-events","type":"okta-hook","header":"{{oktaHeader}}","secretFile":"{{ConnectorService.SecretFile(dir + "-okta", OktaSecret)}}"},
          {"name":"auth0-logs","type":"auth0-stream","secretFile":"{{ConnectorService.SecretFile(dir + "-auth0", Auth0Secret)}}"}
        ]}
        """;

    /// <summary>An Okta event hook delivery (developer.okta.com/docs/concepts/event-hooks): System Log events under data.events.</summary>
    private static string OktaDelivery(params string[] events) =>
        $$$"""{"eventType":"com.okta.event_hook","eventTypeVersion":"1.0","cloudEventsVersion":"0.1","source":"https://example.okta.com/api/v1/eventHooks/who8b1","eventId":"{{{events.Length}}}-{{{events[0].Length}}}","eventTime":"2025-03-01T11:59:59.000Z","contentType":"application/json","data":{"events":[{{{string.Join(",", events)}}}]}}""";

    /// <summary>One Auth0 log in a log stream's shape: the log under data, its id beside it.</summary>
    private static string Auth0Log(int i, string user = "alice@example.com", string type = "s") =>
        string.Create(CultureInfo.InvariantCulture,
            $$$"""{"log_id":"90020250301{{{i:D6}}}","data":{"date":"{{{ConnectorService.Start.AddHours(-1).AddSeconds(i).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}","type":"{{{type}}}","description":"Successful login","connection":"Username-Password-Authentication","client_id":"app1","client_name":"Portal","ip":"81.2.69.142","user_agent":"Mozilla/5.0","user_id":"auth0|{{{user}}}","user_name":"{{{user}}}","log_id":"90020250301{{{i:D6}}}"}}""");

    private static string OktaEvent(string uuid, string user = "alice@example.com") => FakeOkta.Event(uuid, ConnectorService.Start.AddHours(-1), user);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestService service, HttpMethod method, string path, string? body, params (string Name, string Value)[] headers)
    {
        using var client = service.ClientWithKey("");
        client.DefaultRequestHeaders.Remove("X-API-Key"); // the vendor holds no Vigil key
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task OktaHook_VerificationThenDeliveries_EchoesTheChallengeAndJournalsEachEventOnce()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        var logs = new AllLogs();
        await using var service = await ConnectorService.StartAsync(Config(dir), time, dir, logs);
        var auth = ("Authorization", OktaSecret);

        // The one-time verification: the challenge header echoed as {"verification": ...}, only with the secret.
        var (status, body) = await SendAsync(service, HttpMethod.Get, "/v1/hooks/okta-events", null, auth, ("X-Okta-Verification-Challenge", "Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"verification":"Me_rShK8JHsTnbyYrWXCEoMGbM_zsZ6k0hLPZ_Pg"}""", body.GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(service, HttpMethod.Get, "/v1/hooks/okta-events", null, ("X-Okta-Verification-Challenge", "abc"))).Status);
        (status, body) = await SendAsync(service, HttpMethod.Get, "/v1/hooks/okta-events", null, auth);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("X-Okta-Verification-Challenge", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A delivery with one event that has no actor: the other three are journaled, the bad one is named.
        string bad = OktaEvent("ev-bad").Replace("\"actor\":{\"id\":\"00u1\",\"type\":\"User\",\"alternateId\":\"alice@example.com\",\"displayName\":\"Alice\"},", "", StringComparison.Ordinal);
        string delivery = OktaDelivery(OktaEvent("ev-1"), bad, OktaEvent("ev-2", "bob@example.com"), OktaEvent("ev-3"));
        (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, auth);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((3, 0, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32(), body.GetProperty("rejected").GetInt32()));
        string error = body.GetProperty("errors")[0].GetProperty("error").GetString()!;
        Assert.Contains("[1]", error, StringComparison.Ordinal);
        Assert.Contains("actor", error, StringComparison.Ordinal);

        // Okta redelivers (a timeout on its side): each event is a duplicate by its uuid, never a second event.
        (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, auth);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, 3), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32()));

        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(3, store.JournalHead());
        Assert.True(store.ContainsEvent("ev-1") && store.ContainsEvent("ev-2") && store.ContainsEvent("ev-3"));
        var health = ConnectorService.Health(service);
        Assert.Equal((8, 3, 3, 2), (health.EventsRead, health.Accepted, health.Duplicates, health.Rejected));

        // The admin sees the hook's health; the secret is nowhere in it or in the logs.
        var connectors = await service.Client.GetStringAsync("/v1/connectors");
        Assert.Contains("\"type\":\"okta-hook\"", connectors, StringComparison.Ordinal);
        Assert.DoesNotContain(OktaSecret, connectors, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(OktaSecret, StringComparison.Ordinal));
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Hook_WrongMissingOrOtherHooksSecret_Refuses401AndJournalsNothing()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        var logs = new AllLogs();
        await using var service = await ConnectorService.StartAsync(Config(dir, oktaHeader: "X-Hook-Secret"), time, dir, logs);
        string delivery = OktaDelivery(OktaEvent("ev-1"));

        var refusals = new[]
        {
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery),
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, ("X-Hook-Secret", OktaSecret + "x")),
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, ("X-Hook-Secret", OktaSecret[..^1])),
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, ("Authorization", OktaSecret)), // the configured header, not Authorization
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, ("X-Hook-Secret", OktaSecret), ("X-Hook-Secret", OktaSecret)),
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/auth0-logs", delivery, ("Authorization", OktaSecret)), // another hook's secret
            await SendAsync(service, HttpMethod.Post, "/v1/hooks/nobody", delivery, ("X-Hook-Secret", OktaSecret)),
        };

        // The same answer for an unknown hook and a wrong secret: the route tells a stranger nothing.
        Assert.All(refusals, r => Assert.Equal(HttpStatusCode.Unauthorized, r.Status));
        Assert.All(refusals, r => Assert.Equal(refusals[0].Body.GetProperty("detail").GetString(), r.Body.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", delivery, ("X-Hook-Secret", OktaSecret))).Status);
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(1, store.JournalHead());
        Assert.Equal(5, ConnectorService.Health(service).Failures);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(OktaSecret[..^1], StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("1507 Webhook okta-events: a request was refused (wrong X-Hook-Secret value)", StringComparison.Ordinal));
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Auth0Stream_JsonLinesArrayAndObject_JournalsEachLogOnceByLogId()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync(Config(dir), time, dir, new AllLogs());
        var auth = ("Authorization", Auth0Secret);

        // The stream's three content formats: JSON Lines, JSON Array, JSON Object.
        string lines = string.Join("\n", Auth0Log(1), Auth0Log(2, "bob@example.com", "f"), "{\"log_id\":\"90020250301999999\",\"data\":{\"type\":\"s\",\"user_name\":\"carol@example.com\"}}", Auth0Log(3));
        var (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/auth0-logs", lines, auth);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((3, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.Equal(3, body.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.Contains("missing date", body.GetProperty("errors")[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/auth0-logs", $"[{Auth0Log(3)},{Auth0Log(4)},{Auth0Log(5)}]", auth);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((2, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32())); // log 3 again: a duplicate by log_id

        (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/auth0-logs", Auth0Log(6), auth);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());

        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(6, store.JournalHead());
        Assert.True(store.ContainsEvent("90020250301000002"));
        var health = ConnectorService.Health(service, 1);
        Assert.Equal((8, 6, 1, 1), (health.EventsRead, health.Accepted, health.Duplicates, health.Rejected));

        // Auth0 streams only post.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync(service, HttpMethod.Get, "/v1/hooks/auth0-logs", null, auth, ("X-Okta-Verification-Challenge", "abc"))).Status);
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task Hook_MalformedOversizedOrTooManyEvents_4xxNamingTheProblemNever5xx()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        await using var service = await ConnectorService.StartAsync(Config(dir), time, dir, new AllLogs(), o =>
        {
            o.MaxIngestBytes = 256 << 10;
            o.MaxQueueDepth = 1_000;
        });
        var okta = ("Authorization", OktaSecret);
        var auth0 = ("Authorization", Auth0Secret);

        var (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", """{"data":{"event":[]}}""", okta);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("data.events", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", """{"data":{"events":[""", okta);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (status, _) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/okta-events", new string('[', 10_000), okta);
        Assert.Equal(HttpStatusCode.BadRequest, status); // depth bounded

        // Larger than MaxIngestBytes: 413 without the whole body buffered.
        (status, _) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/auth0-logs", "[" + string.Join(",", Enumerable.Range(0, 2_000).Select(i => Auth0Log(i))) + "]", auth0);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);

        // Nothing readable at all: still 200 with every event named (Auth0 would only resend the same broken lines).
        (status, body) = await SendAsync(service, HttpMethod.Post, "/v1/hooks/auth0-logs", "not json\n{\"log_id\":1}", auth0);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, 2), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        Assert.Equal([1, 2], body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));

        // More than the engine's queue may hold: 503 with Retry-After (both vendors send a batch again after a 5xx), nothing journaled.
        using var client = service.ClientWithKey("");
        client.DefaultRequestHeaders.Remove("X-API-Key");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/hooks/okta-events")
        {
            Content = new StringContent(OktaDelivery(Enumerable.Range(0, 1_001).Select(i => $$$"""{"uuid":"q{{{i}}}","published":"2025-03-01T11:00:00Z","eventType":"user.session.start","actor":{"alternateId":"u{{{i}}}"},"outcome":{"result":"SUCCESS"}}""").ToArray()), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", OktaSecret);
        using var busy = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("5", busy.Headers.GetValues("Retry-After").Single());
        var store = await service.StoreAfterAuditFlushAsync();
        Assert.Equal(0, store.JournalHead());
        TempDir.Delete(dir);
    }
}
