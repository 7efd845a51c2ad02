using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// A local Elasticsearch / OpenSearch bulk API (Kestrel, real HTTP), answering as the Bulk API reference documents:
/// <c>POST /_bulk</c> with <c>Authorization: ApiKey &lt;key&gt;</c> (401 <c>security_exception</c> otherwise), an NDJSON
/// body of action lines (<c>index</c>, <c>create</c>, <c>update</c>, <c>delete</c>) each followed by its source, ending
/// with a newline (400 <c>illegal_argument_exception</c> "The bulk request must be terminated by a newline [\n]"
/// otherwise); 200 with <c>took</c>, <c>errors</c> and one <c>items</c> entry per action in order, each with its
/// <c>status</c> and, when refused, <c>error.type</c> and <c>error.reason</c>: 201 created, 409
/// version_conflict_engine_exception for a <c>create</c> whose id is indexed, 429 es_rejected_execution_exception when
/// the write queue is full (<see cref="Throttle"/>), 400 document_parsing_exception for a source the mapping cannot
/// take (<see cref="Refuse"/>).
/// </summary>
public sealed class FakeBulkApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private int _throttle;

    private FakeBulkApi(WebApplication app) => _app = app;

    public string ApiKey { get; } = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

    public string Url => _app.Urls.First();

    /// <summary>Documents indexed, by index then id.</summary>
    public Dictionary<string, Dictionary<string, JsonElement>> Indices { get; } = [];

    /// <summary>Every request's items: (id, status), in arrival order.</summary>
    public List<List<(string Id, int Status)>> Requests { get; } = [];

    /// <summary>A document for which this answers an error type is refused with 400 (a mapping conflict).</summary>
    public Func<JsonElement, string?> Refuse { get; set; } = _ => null;

    public static async Task<FakeBulkApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBulkApi(app);
        app.MapPost("/_bulk", fake.Bulk);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next <paramref name="items"/> items are answered 429, as a full write thread pool does.</summary>
    public void Throttle(int items)
    {
        lock (_gate)
        {
            _throttle += items;
        }
    }

    public IReadOnlyList<JsonElement> Documents(string index)
    {
        lock (_gate)
        {
            return Indices.TryGetValue(index, out var documents) ? [.. documents.Values] : [];
        }
    }

    private async Task Bulk(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        context.Response.ContentType = "application/json";
        if (context.Request.Headers.Authorization.ToString() != "ApiKey " + ApiKey)
        {
            await Error(context, 401, "security_exception", "missing authentication credentials for REST request [/_bulk]");
            return;
        }

        if (!context.Request.ContentType?.StartsWith("application/x-ndjson", StringComparison.Ordinal) == true && !context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            await Error(context, 406, "media_type_header_exception", "Content-Type header is not supported");
            return;
        }

        if (!body.EndsWith('\n'))
        {
            await Error(context, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
            return;
        }

        string[] lines = body[..^1].Split('\n');
        var items = new List<(string Action, string Index, string Id, int Status, string? Error)>();
        try
        {
            lock (_gate)
            {
                for (int i = 0; i < lines.Length; i++)
                {
                    using var action = JsonDocument.Parse(lines[i]);
                    var property = action.RootElement.EnumerateObject().Single();
                    string index = property.Value.GetProperty("_index").GetString()!;
                    string id = property.Value.GetProperty("_id").GetString()!;
                    if (property.Name is not ("create" or "index"))
                    {
                        throw new InvalidOperationException("this fake takes create and index actions only");
                    }

                    var source = JsonDocument.Parse(lines[++i]).RootElement.Clone();
                    var documents = Indices.TryGetValue(index, out var known) ? known : Indices[index] = [];
                    if (_throttle > 0)
                    {
                        _throttle--;
                        items.Add((property.Name, index, id, 429, "es_rejected_execution_exception"));
                    }
                    else if (Refuse(source) is { } refusal)
                    {
                        items.Add((property.Name, index, id, 400, refusal));
                    }
                    else if (property.Name == "create" && documents.ContainsKey(id))
                    {
                        items.Add((property.Name, index, id, 409, "version_conflict_engine_exception"));
                    }
                    else
                    {
                        documents[id] = source;
                        items.Add((property.Name, index, id, 201, null));
                    }
                }

                Requests.Add(items.Select(i => (i.Id, i.Status)).ToList());
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            await Error(context, 400, "x_content_parse_exception", "[1:1] Malformed action/metadata line");
            return;
        }

        var answer = new MemoryStream();
        using (var w = new Utf8JsonWriter(answer))
        {
            w.WriteStartObject();
            w.WriteNumber("took", 3);
            w.WriteBoolean("errors", items.Any(i => i.Error is not null));
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                w.WriteStartObject();
                w.WriteStartObject(item.Action);
                w.WriteString("_index", item.Index);
                w.WriteString("_id", item.Id);
                w.WriteNumber("status", item.Status);
                if (item.Error is null)
                {
                    w.WriteNumber("_version", 1);
                    w.WriteString("result", "created");
                }
                else
                {
                    w.WriteStartObject("error");
                    w.WriteString("type", item.Error);
                    w.WriteString("reason", item.Status == 409 ? $"[{item.Id}]: version conflict, document already exists (current version [1])" : "refused by the fake");
                    w.WriteString("index", item.Index);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(answer.ToArray());
    }

    private static async Task Error(HttpContext context, int status, string type, string reason)
    {
        context.Response.StatusCode = status;
        string json = JsonSerializer.Serialize(new { error = new { root_cause = new[] { new { type, reason } }, type, reason }, status });
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
