using System.CommandLine;

namespace Vigil.Cli.Commands;

/// <summary>Options shared by commands that enrich telemetry: geo/ASN databases and IP lists.</summary>
internal sealed class EnrichmentOptions
{
    public Option<FileInfo?> GeoCity { get; } = new("--geoip-city") { Description = "MaxMind-format City or Country database (.mmdb) for IP -> country, city, coordinates." };

    public Option<FileInfo?> GeoAsn { get; } = new("--geoip-asn") { Description = "MaxMind-format ASN database (.mmdb) for IP -> AS number and organisation." };

    public Option<string[]> IpLists { get; } = new("--ip-list")
    {
        Description = "An IP list as CATEGORY=FILE (anonymizer, hosting, known-bad, corporate-egress, partner, mobile-carrier); repeatable.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Opens the sources the options name (every problem reported at once, naming its option); the caller disposes <paramref name="geo"/>.</summary>
    public Core.Enrichment.EventEnricher Open(ParseResult parse, out Enrichment.Geo.GeoIpDatabase? geo) =>
        EnricherFactory.Create(parse.GetValue(GeoCity), parse.GetValue(GeoAsn), parse.GetValue(IpLists), out geo);

    public void AddTo(Command command)
    {
        command.Options.Add(GeoCity);
        command.Options.Add(GeoAsn);
        command.Options.Add(IpLists);
    }
}
