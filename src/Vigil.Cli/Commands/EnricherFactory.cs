using Vigil.Core.Enrichment;
using Vigil.Enrichment.Geo;
using Vigil.Enrichment.Ip;

namespace Vigil.Cli.Commands;

/// <summary>Builds the enrichment step from command-line options; every problem is reported at once, naming the option.</summary>
internal static class EnricherFactory
{
    public static EventEnricher Create(FileInfo? city, FileInfo? asn, string[]? lists, out GeoIpDatabase? geo)
    {
        var errors = new List<string>();
        var files = new List<IpListFile>();
        foreach (string spec in lists ?? [])
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
            {
                errors.Add($"--ip-list '{spec}': write it as CATEGORY=FILE, e.g. anonymizer=lists/vpn.txt.");
                continue;
            }

            string name = spec[..eq], path = spec[(eq + 1)..];
            if (!TryCategory(name, out var category))
            {
                errors.Add($"--ip-list '{spec}': unknown category '{name}'; use anonymizer, hosting, known-bad, corporate-egress, partner or mobile-carrier.");
            }
            else if (!File.Exists(path))
            {
                errors.Add($"--ip-list '{spec}': file '{path}' does not exist.");
            }
            else
            {
                files.Add(new IpListFile { Category = category, Path = path });
            }
        }

        foreach (var (option, file) in new[] { ("--geoip-city", city), ("--geoip-asn", asn) })
        {
            if (file is not null && !file.Exists)
            {
                errors.Add($"{option}: file '{file.FullName}' does not exist.");
            }
        }

        if (errors.Count > 0)
        {
            throw new CommandLineException(errors);
        }

        geo = city is null && asn is null ? null : GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = city?.FullName, AsnDatabasePath = asn?.FullName });
        IpReputation reputation;
        try
        {
            reputation = files.Count == 0 ? IpReputation.Empty : IpReputation.Load(new IpReputationOptions { Lists = files });
        }
        catch (IpListLoadException ex)
        {
            throw new CommandLineException([ex.Message]);
        }

        return new EventEnricher(geo, reputation);
    }

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
