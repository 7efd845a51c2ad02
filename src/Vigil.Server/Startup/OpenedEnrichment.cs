using Vigil.Core.Enrichment;
using Vigil.Enrichment.Geo;

namespace Vigil.Server.Startup;

/// <summary>The enrichment sources opened from <see cref="ServerOptions.Enrichment"/>; the container disposes the GeoIP readers with the service.</summary>
internal sealed class OpenedEnrichment : IDisposable
{
    private readonly GeoIpDatabase? _geo;

    public OpenedEnrichment(ServerOptions options)
    {
        Enricher = options.Enrichment.Open(out _geo);
    }

    public IEventEnricher Enricher { get; }

    public void Dispose() => _geo?.Dispose();
}
