using Vigil.Enrichment.Geo;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Enrichment;

/// <summary>
/// Where enrichment data comes from: a MaxMind-format City (or Country) and ASN database, and IP lists by category.
/// The command line and the service read the same settings (<c>--geoip-city</c>, <c>--geoip-asn</c>, <c>--ip-list
/// CATEGORY=FILE</c>) into this one type, so a service and a replay of the same events enrich them alike.
/// </summary>
public sealed class EnrichmentSources
{
    /// <summary>MaxMind-format City or Country database (.mmdb): IP to country, city, coordinates.</summary>
    public string? GeoIpCity { get; set; }

    /// <summary>MaxMind-format ASN database (.mmdb): IP to AS number and organisation.</summary>
    public string? GeoIpAsn { get; set; }

    /// <summary>IP lists, each written <c>CATEGORY=FILE</c> (anonymizer, hosting, known-bad, corporate-egress, partner, mobile-carrier).</summary>
    public IList<string> IpLists { get; } = [];

    /// <summary>Every problem with the settings at once, each naming its option; empty when they can be opened.</summary>
    public IReadOnlyList<string> Validate() => Parse(out _);

    /// <summary>
    /// Opens the databases and loads the lists. The returned enricher owns <paramref name="geo"/>, which the caller
    /// disposes when done. Throws <see cref="EnrichmentSourceException"/> naming every problem.
    /// </summary>
    public EventEnricher Open(out GeoIpDatabase? geo)
    {
        var problems = new List<string>(Parse(out var files));
        geo = null;
        IpReputation reputation = IpReputation.Empty;
        if (problems.Count == 0)
        {
            try
            {
                reputation = files.Count == 0 ? IpReputation.Empty : IpReputation.Load(new IpReputationOptions { Lists = files });
                geo = GeoIpCity is null && GeoIpAsn is null
                    ? null
                    : GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = Full(GeoIpCity), AsnDatabasePath = Full(GeoIpAsn) });
            }
            catch (IpListLoadException ex)
            {
                problems.Add(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                problems.Add($"--geoip-city/--geoip-asn: the database cannot be read: {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new EnrichmentSourceException(problems);
        }

        return new EventEnricher(geo, reputation);
    }

    private List<string> Parse(out List<IpListFile> files)
    {
        var problems = new List<string>();
        files = [];
        foreach (string spec in IpLists)
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
            {
                problems.Add($"--ip-list '{spec}': write it as CATEGORY=FILE, e.g. anonymizer=lists/vpn.txt.");
                continue;
            }

            string name = spec[..eq], path = spec[(eq + 1)..];
            if (!TryCategory(name, out var category))
            {
                problems.Add($"--ip-list '{spec}': unknown category '{name}'; use anonymizer, hosting, known-bad, corporate-egress, partner or mobile-carrier.");
            }
            else if (!File.Exists(path))
            {
                problems.Add($"--ip-list '{spec}': file '{path}' does not exist.");
            }
            else
            {
                files.Add(new IpListFile { Category = category, Path = path });
            }
        }

        foreach (var (option, file) in new[] { ("--geoip-city", GeoIpCity), ("--geoip-asn", GeoIpAsn) })
        {
            if (file is not null && !File.Exists(file))
            {
                problems.Add($"{option}: file '{Path.GetFullPath(file)}' does not exist.");
            }
        }

        return problems;
    }

    private static string? Full(string? path) => path is null ? null : Path.GetFullPath(path);

    private static bool TryCategory(string name, out IpCategory category)
    {
        category = name.Replace("_", "-", StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "ANONYMIZER" or "ANONYMISER" or "VPN" or "TOR" or "PROXY" => IpCategory.Anonymizer,
            "HOSTING" or "CLOUD" or "DATACENTER" => IpCategory.Hosting,
            "KNOWN-BAD" or "BAD" or "THREAT" => IpCategory.KnownBad,
            "CORPORATE-EGRESS" or "CORPORATE" or "EGRESS" => IpCategory.CorporateEgress,
            "PARTNER" => IpCategory.Partner,
            "MOBILE-CARRIER" or "MOBILE" => IpCategory.MobileCarrier,
            _ => IpCategory.None,
        };
        return category != IpCategory.None;
    }
}
