namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// Routes outgoing HTTP by host and port to in-memory services (each a TestServer's handler): two Vigil instances reach each
/// other's discovery, JWKS, stream, poll and push endpoints through their full HTTP pipelines, by address.
/// </summary>
public sealed class HostRouter : HttpMessageHandler
{
    private readonly Dictionary<string, HttpMessageInvoker> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string authority, HttpMessageHandler handler) => _hosts[authority] = new HttpMessageInvoker(handler);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _hosts.TryGetValue(request.RequestUri!.Authority, out var target)
            ? target.SendAsync(request, cancellationToken)
            : throw new HttpRequestException($"no route to {request.RequestUri.Authority}");
}
