using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Storage;

namespace Vigil.Server.Tests.Ingestion;

public sealed class IngestTests
{
    internal static string Event(string id, string user = "alice", string time = "2026-03-02T08:00:00Z") =>
        $$$"""{"@timestamp":"{{{time}}}","event":{"id":"{{{id}}}","action":"sign-in","outcome":"success"},"user":{"id":"{{{user}}}"},"source":{"ip":"81.2.69.10"}}""";

    private static async Task<(HttpResponseMessage, JsonElement)> Post(TestService service, string body, string type = "application/x-ndjson")
    {
        var response = await service.Client.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, type));
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Ingest_NdjsonWithBadLine_KeepsGoodLinesAndReportsLineNumber()
    {
        await using var service = await TestService.StartAsync();
        string body = Event("e1") + "\n\n{\"user\":{\"id\":\"bob\"}}\n" + Event("e2") + "\nnot json\n";
        var (response, summary) = await Post(service, body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(2, summary.GetProperty("rejected").GetInt32());
        var errors = summary.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(3, errors[0].GetProperty("line").GetInt32());
        Assert.Contains("@timestamp", errors[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, errors[1].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Ingest_JsonArray_IsAccepted()
    {
        await using var service = await TestService.StartAsync();
        var (response, summary) = await Post(service, "[" + Event("a1") + "," + Event("a2") + ", 5]", "application/json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(3, summary.GetProperty("errors")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Ingest_SameEventIdsAgain_AreNotJournaledTwice()
    {
        await using var service = await TestService.StartAsync();
        await Post(service, Event("e1") + "\n" + Event("e2"));
        var (_, summary) = await Post(service, Event("e2") + "\n" + Event("e3"));

        Assert.Equal(1, summary.GetProperty("accepted").GetInt32());
        Assert.Equal(1, summary.GetProperty("duplicates").GetInt32());
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        Assert.Equal(3, store.JournalHead());
    }

    [Fact]
    public async Task Ingest_OnlyBadLines_Returns400()
    {
        await using var service = await TestService.StartAsync();
        var (response, summary) = await Post(service, "nope\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, summary.GetProperty("rejected").GetInt32());
    }

    [Fact]
    public async Task Ingest_MoreEventsThanTheBatchLimit_Returns413()
    {
        await using var service = await TestService.StartAsync(o => o.MaxBatchEvents = 3);
        var response = await service.Client.PostAsync("/v1/events",
            new StringContent(string.Join('\n', Enumerable.Range(0, 4).Select(i => Event("b" + i))), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_BodyOverTheByteLimit_Returns413()
    {
        await using var service = await TestService.StartAsync(o => o.MaxIngestBytes = 2048);
        var response = await service.Client.PostAsync("/v1/events",
            new StringContent(string.Join('\n', Enumerable.Range(0, 40).Select(i => Event("c" + i))), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Ingest_WhenTheQueueWouldOverflow_Returns429WithRetryAfterAndJournalsNothing()
    {
        await using var service = await TestService.StartAsync(o => o.MaxQueueDepth = 1000);
        var response = await service.Client.PostAsync("/v1/events",
            new StringContent(string.Join('\n', Enumerable.Range(0, 1001).Select(i => Event("q" + i))), Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null);
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        Assert.Equal(0, store.JournalHead());
    }

    [Fact]
    public async Task Ingest_LinesThatAreNotText_AreRejectedNamingTheFieldAndTheRestIsKept()
    {
        await using var service = await TestService.StartAsync();
        byte[] body =
        [
            .. Encoding.UTF8.GetBytes(Event("e1") + "\n"),
            .. """{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"\ud800"}}"""u8, (byte)'\n',
            .. """{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"b"},"event":{"action":"sign"""u8, 0xC0, 0xAF, .. "\"}}\n"u8,
            .. """{"@timestamp":"2026-03-02T08:00:00Z","user":{"id":"b","id":"c"}}"""u8, (byte)'\n',
            .. Encoding.UTF8.GetBytes(Event("e2") + "\n"),
        ];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
        var response = await service.Client.PostAsync("/v1/events", content);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        var errors = summary.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("error").GetString()!)).ToList();
        Assert.Equal([2, 3, 4], errors.Select(e => e.Item1));
        Assert.StartsWith("user.id: the string is not valid Unicode", errors[0].Item2, StringComparison.Ordinal);
        Assert.StartsWith("event.action: the string is not valid Unicode", errors[1].Item2, StringComparison.Ordinal);
        Assert.StartsWith("user.id: duplicate property", errors[2].Item2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_LineLongerThanOneMebibyte_IsALineErrorAndTheRestIsKept()
    {
        await using var service = await TestService.StartAsync();
        string huge = "{\"@timestamp\":\"2026-03-02T08:00:00Z\",\"user\":{\"id\":\"big\"},\"labels\":{\"pad\":\"" + new string('x', (1 << 20) + 1) + "\"}}";
        var (response, summary) = await Post(service, Event("e1") + "\n" + huge + "\n" + Event("e2"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        var error = summary.GetProperty("errors")[0];
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Contains("longer than 1048576 bytes", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/csv", null, "application/x-ndjson")]
    [InlineData("application/x-ndjson", "gzip", "Content-Encoding 'gzip'")]
    public async Task Ingest_BodyThatIsNotJson_Returns415SayingWhatIsAccepted(string type, string? encoding, string said)
    {
        await using var service = await TestService.StartAsync();
        var content = new StringContent(Event("e1"), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        var response = await service.Client.PostAsync("/v1/events", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(said, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var store = (VigilStore)service.Services.GetService(typeof(VigilStore))!;
        Assert.Equal(0, store.JournalHead());
    }

    [Fact]
    public async Task Ingest_TimestampOutsideTheWindow_IsALineErrorNamingTimestampAndTheRestIsKept()
    {
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        await using var service = await TestService.StartAsync(o => o.Time = new FixedClock(now));
        string body = string.Join('\n',
            Event("e1"),
            Event("micro", time: "1772438400000000").Replace("\"1772438400000000\"", "1772438400000000", StringComparison.Ordinal),
            Event("ahead", time: "2026-03-02T11:00:00Z"),
            Event("behind", time: "2026-01-15T08:00:00Z"),
            Event("e2", time: "2026-03-02T08:30:00Z"));
        var (response, summary) = await Post(service, body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(2, summary.GetProperty("accepted").GetInt32());
        var errors = summary.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("error").GetString()!)).ToList();
        Assert.Equal([2, 3, 4], errors.Select(e => e.Item1));
        Assert.All(errors, e => Assert.StartsWith("@timestamp ", e.Item2, StringComparison.Ordinal));
        Assert.Contains("after the service's clock", errors[1].Item2, StringComparison.Ordinal);
        Assert.Contains("before the newest accepted event", errors[2].Item2, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
