using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// A local Splunk HTTP Event Collector (Kestrel, real HTTP): <c>POST /services/collector/event</c> with
/// <c>Authorization: Splunk &lt;token&gt;</c>, events one after another in the body, answers as Splunk documents them
/// (200 <c>{"text":"Success","code":0}</c>, 401 code 2 / 403 code 4 for tokens, 400 code 6 for bad data, 503 code 9
/// "Server is busy" with <c>Retry-After</c> when a fault is queued).
/// </summary>
public sealed class FakeSplunkHec : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Queue<int> _faults = new();

    private FakeSplunkHec(WebApplication app) => _app = app;

    public string Token { get; } = "8a1f-hec-token-secret";

    public string Url => _app.Urls.First();

    /// <summary>Every event accepted, as the <c>event</c> object sent, in arrival order.</summary>
    public List<JsonElement> Events { get; } = [];

    public List<int> Statuses { get; } = [];

    public static async Task<FakeSplunkHec> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSplunkHec(app);
        app.MapPost("/services/collector/event", fake.Collect);
        await app.StartAsync();
        return fake;
    }

    /// <summary>A copy of <see cref="Events"/>, taken under the lock the collector adds them under.</summary>
    public List<JsonElement> Snapshot()
    {
        lock (_gate)
        {
            return [.. Events];
        }
    }

    public void Fail(int status)
    {
        lock (_gate)
        {
            _faults.Enqueue(status);
        }
    }

    private async Task Collect(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        string answer;
        lock (_gate)
        {
            int status = context.Request.Headers.Authorization.ToString() != "Splunk " + Token ? 403 : _faults.TryDequeue(out int fault) ? fault : 200;
            var events = new List<JsonElement>();
            if (status == 200)
            {
                try
                {
                    foreach (string line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        using var document = JsonDocument.Parse(line);
                        events.Add(document.RootElement.GetProperty("event").Clone());
                        _ = document.RootElement.GetProperty("time").GetDouble();
                    }
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    status = 400;
                }
            }

            Statuses.Add(status);
            context.Response.StatusCode = status;
            if (status == 503)
            {
                context.Response.Headers.RetryAfter = "10";
            }

            answer = status switch
            {
                200 => """{"text":"Success","code":0}""",
                403 => """{"text":"Invalid token","code":4}""",
                400 => """{"text":"Invalid data format","code":6}""",
                _ => """{"text":"Server is busy","code":9}""",
            };
            if (status == 200)
            {
                Events.AddRange(events);
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
