using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// A local OTLP/HTTP logs receiver (Kestrel, real HTTP) that checks the shape the OTLP specification documents for
/// JSON encoding: <c>POST /v1/logs</c>, <c>Content-Type: application/json</c> (415 otherwise), an
/// ExportLogsServiceRequest <c>{"resourceLogs":[{"resource":{"attributes":[...]},"scopeLogs":[{"scope":{...},
/// "logRecords":[...]}]}]}</c> whose records have <c>timeUnixNano</c> as a decimal string of a 64-bit integer, a
/// <c>severityNumber</c> from 1 to 24, a <c>body</c> AnyValue and key/value <c>attributes</c>; 400 with a Status
/// message for a request that breaks it. Queued faults answer 503 with <c>Retry-After</c>, as a busy collector does.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Queue<int> _faults = new();
    private readonly List<JsonElement> _records = [];

    private FakeOtlpCollector(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public List<int> Statuses { get; } = [];

    /// <summary>Why requests were answered 400.</summary>
    public List<string> Refusals { get; } = [];

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOtlpCollector(app);
        app.MapPost("/v1/logs", fake.Logs);
        await app.StartAsync();
        return fake;
    }

    public void Fail(int status)
    {
        lock (_gate)
        {
            _faults.Enqueue(status);
        }
    }

    /// <summary>The log records taken, in arrival order.</summary>
    public List<JsonElement> Records()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }

    private async Task Logs(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        context.Response.ContentType = "application/json";
        int status;
        string answer = "{}";
        lock (_gate)
        {
            if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                status = 415;
            }
            else if (_faults.TryDequeue(out int fault))
            {
                status = fault;
                context.Response.Headers.RetryAfter = "3";
            }
            else if (Shape(body, out var records) is { } problem)
            {
                status = 400;
                Refusals.Add(problem);
                answer = JsonSerializer.Serialize(new { code = 3, message = problem });
            }
            else
            {
                status = 200;
                _records.AddRange(records);
            }

            Statuses.Add(status);
        }

        context.Response.StatusCode = status;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer));
    }

    private static string? Shape(string body, out List<JsonElement> records)
    {
        records = [];
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            foreach (var resourceLogs in root.GetProperty("resourceLogs").EnumerateArray())
            {
                foreach (var attribute in resourceLogs.GetProperty("resource").GetProperty("attributes").EnumerateArray())
                {
                    _ = attribute.GetProperty("key").GetString() ?? throw new FormatException("resource attribute without key");
                    _ = attribute.GetProperty("value").EnumerateObject().Single();
                }

                foreach (var scopeLogs in resourceLogs.GetProperty("scopeLogs").EnumerateArray())
                {
                    foreach (var record in scopeLogs.GetProperty("logRecords").EnumerateArray())
                    {
                        if (record.GetProperty("timeUnixNano").ValueKind != JsonValueKind.String || !ulong.TryParse(record.GetProperty("timeUnixNano").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        {
                            return "timeUnixNano must be a 64-bit integer as a decimal string";
                        }

                        if (record.GetProperty("severityNumber").GetInt32() is < 1 or > 24)
                        {
                            return "severityNumber must be 1..24";
                        }

                        _ = record.GetProperty("body").EnumerateObject().Single(); // one AnyValue kind
                        foreach (var attribute in record.GetProperty("attributes").EnumerateArray())
                        {
                            _ = attribute.GetProperty("key").GetString() ?? throw new FormatException("attribute without key");
                            _ = attribute.GetProperty("value").EnumerateObject().Single();
                        }

                        records.Add(record.Clone());
                    }
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return "not an ExportLogsServiceRequest: " + ex.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
