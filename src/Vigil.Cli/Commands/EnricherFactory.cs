using Vigil.Core.Enrichment;
using Vigil.Enrichment.Geo;

namespace Vigil.Cli.Commands;

/// <summary>Builds the enrichment step from command-line options; every problem is reported at once, naming the option.</summary>
internal static class EnricherFactory
{
    public static EventEnricher Create(FileInfo? city, FileInfo? asn, string[]? lists, out GeoIpDatabase? geo)
    {
        var sources = new EnrichmentSources { GeoIpCity = city?.FullName, GeoIpAsn = asn?.FullName };
        foreach (string list in lists ?? [])
        {
            sources.IpLists.Add(list);
        }

        try
        {
            return sources.Open(out geo);
        }
        catch (EnrichmentSourceException ex)
        {
            throw new CommandLineException(ex.Problems);
        }
    }
}
