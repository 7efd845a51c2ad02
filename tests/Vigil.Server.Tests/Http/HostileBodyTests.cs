using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Vigil.Server.Http;

namespace Vigil.Server.Tests.Http;

/// <summary>Bodies that are valid JSON syntax but not text, or ambiguous, on every single-document route (issue 11, defect 5).</summary>
public sealed class HostileBodyTests
{
    public static TheoryData<string, string> Routes() => new()
    {
        // route, a valid body with a "{HOSTILE}" slot inside a nested object
        { "/access/v1/evaluation", """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"10.0.0.1",{HOSTILE}}}""" },
        { "/access/v1/evaluations", """{"evaluations":[{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"10.0.0.1",{HOSTILE}}}]}""" },
        { "/access/v1/search/resource", """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc"},"context":{"ip":"10.0.0.1",{HOSTILE}}}""" },
        { "/v1/feedback", """{"kind":"dismiss","identity":"a","context":{"ip":"10.0.0.1",{HOSTILE}}}""" },
        { "/v1/admin/api-keys", """{"name":"k","scopes":["evaluate"],"context":{"ip":"10.0.0.1",{HOSTILE}}}""" },
    };

    private static readonly (string Name, byte[] Bytes, string Path, string Why)[] Hostile =
    [
        ("lone surrogate", "\"note\":\"\\ud800\""u8.ToArray(), "context.note", "not valid Unicode"),
        ("low surrogate first", "\"note\":\"\\udc00\\ud800\""u8.ToArray(), "context.note", "not valid Unicode"),
        ("invalid UTF-8", [.. "\"note\":\""u8, 0xFF, 0xFE, .. "\""u8], "context.note", "not valid Unicode"),
        ("overlong UTF-8", [.. "\"note\":\""u8, 0xC0, 0xAF, .. "\""u8], "context.note", "not valid Unicode"),
        ("encoded surrogate", [.. "\"note\":\""u8, 0xED, 0xA0, 0x80, .. "\""u8], "context.note", "not valid Unicode"),
        ("surrogate in a name", "\"\\ud800\":1"u8.ToArray(), "context", "property name is not valid Unicode"),
        ("duplicate key", "\"ip\":\"10.6.6.6\""u8.ToArray(), "context.ip", "duplicate property"),
        ("escaped duplicate key", "\"\\u0069p\":\"10.6.6.6\""u8.ToArray(), "context.ip", "duplicate property"),
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Post_HostileString_Returns400NamingTheField(string route, string template)
    {
        await using var service = await TestService.StartAsync();
        foreach (var (name, bytes, path, why) in Hostile)
        {
            string[] halves = template.Split("{HOSTILE}");
            byte[] body = [.. Encoding.UTF8.GetBytes(halves[0]), .. bytes, .. Encoding.UTF8.GetBytes(halves[1])];
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await service.Client.PostAsync(route, content);
            string text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route} {name}: {(int)response.StatusCode} {text}");
            string detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
            Assert.Contains(path, detail, StringComparison.Ordinal);
            Assert.Contains(why, detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_DuplicateTopLevelKey_Returns400NamingIt()
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation",
            """{"subject":{"type":"user","id":"a"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"subject":{"type":"user","id":"root"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("The body is not valid: subject: duplicate property", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NestedDuplicateInBatchItem_Returns400NamingItsPath()
    {
        await using var service = await TestService.StartAsync();
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluations",
            """{"evaluations":[{"subject":{"type":"user","id":"a"}},{"resource":{"type":"doc","id":"d","properties":{"owner":"a","owner":"b"}}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("evaluations[1].resource.properties.owner: duplicate property", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", null, "application/json")]
    [InlineData("application/x-www-form-urlencoded", null, "application/json")]
    [InlineData("application/json; charset=utf-16", null, "UTF-8")]
    [InlineData("application/json", "gzip", "Content-Encoding 'gzip'")]
    public async Task PostEvaluation_NotJson_Returns415SayingWhatIsAccepted(string type, string? encoding, string said)
    {
        await using var service = await TestService.StartAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(TestService.Question));
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        var response = await service.Client.PostAsync("/access/v1/evaluation", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains(said, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status400BadRequest)]
    public async Task ReadAsync_ServerRefusesTheBodyRead_AnswersItsStatusNot500(int status)
    {
        // What Kestrel throws when a body arrives slower than MinRequestBodyDataRate (408) or ends early (400).
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new ThrowingStream(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", status));

        var (document, problem) = await HttpJson.ReadAsync(context, 1024);

        Assert.Null(document);
        Assert.Equal(status, Assert.IsAssignableFrom<IStatusCodeHttpResult>(problem).StatusCode);
    }

    private sealed class ThrowingStream(Exception exception) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw exception;
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw exception;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
