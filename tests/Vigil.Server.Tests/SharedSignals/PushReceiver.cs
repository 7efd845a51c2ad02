using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// A real RFC 8935 receiver on a loopback port (Kestrel): records each POSTed SET with its content type and
/// authorization header, and answers from a script (e.g. 429 with Retry-After, then 202), 202 when the script is done.
/// </summary>
public sealed class PushReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(int Status, string? RetryAfter)> _script = new();
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    public sealed record Received(string Token, string? ContentType, string? Authorization, int AnsweredWith);

    private PushReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<PushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new PushReceiver(app);
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string token = await reader.ReadToEndAsync();
            var (status, retryAfter) = receiver._script.TryDequeue(out var next) ? next : (202, null);
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            context.Response.StatusCode = status;
            await receiver._received.Writer.WriteAsync(new Received(token, context.Request.ContentType, context.Request.Headers.Authorization.ToString(), status));
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/events";
        return receiver;
    }

    /// <summary>Answers the next requests with these statuses (and Retry-After values), in order.</summary>
    public void Script(params (int Status, string? RetryAfter)[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }
    }

    /// <summary>The next request the receiver got (bounded wait so a missing push fails rather than hangs).</summary>
    public async Task<Received> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
