using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Routes outgoing HTTP by host and port to in-memory services (each a TestServer's handler): two Vigil instances reach each
/// other's discovery, JWKS, stream, poll and push endpoints through their full HTTP pipelines, by address. Every SET
/// that crosses it (a push body, or a poll answer's <c>sets</c>) is kept in <see cref="Sets"/>, as the receiver got it,
/// so that a second JOSE implementation can check what was actually delivered.
/// </summary>
public sealed class HostRouter : HttpMessageHandler
{
    private readonly Dictionary<string, HttpMessageInvoker> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string authority, HttpMessageHandler handler) => _hosts[authority] = new HttpMessageInvoker(handler);

    /// <summary>The SETs delivered through the router (pushed or polled), in the order they crossed it.</summary>
    public ConcurrentQueue<string> Sets { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_hosts.TryGetValue(request.RequestUri!.Authority, out var target))
        {
            throw new HttpRequestException($"no route to {request.RequestUri.Authority}");
        }

        if (request.Content?.Headers.ContentType?.MediaType == "application/secevent+jwt")
        {
            string token = await request.Content.ReadAsStringAsync(cancellationToken);
            Sets.Enqueue(token);
            var headers = request.Content.Headers.ToList();
            request.Content = new StringContent(token);
            request.Content.Headers.Clear();
            foreach (var header in headers)
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        var response = await target.SendAsync(request, cancellationToken);
        if (request.RequestUri.AbsolutePath.Contains("/ssf/poll/", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (answer.RootElement.TryGetProperty("sets", out var sets))
            {
                foreach (var set in sets.EnumerateObject())
                {
                    Sets.Enqueue(set.Value.GetString()!);
                }
            }
        }

        return response;
    }
}
