namespace Vigil.Enrichment.Geo;

/// <summary>Which MaxMind DB files to open. At least one path must be set.</summary>
public sealed class GeoIpOptions
{
    /// <summary>Path to a GeoIP2/GeoLite2 City or Country .mmdb (country, city, coordinates). Null: no location.</summary>
    public string? CityDatabasePath { get; init; }

    /// <summary>Path to a GeoLite2-ASN (or GeoIP2-ISP) .mmdb (AS number and organisation). Null: no ASN.</summary>
    public string? AsnDatabasePath { get; init; }

    /// <summary>Read the files into memory instead of memory-mapping them. Default false: mapped pages are shared with the OS cache.</summary>
    public bool LoadIntoMemory { get; init; }

    /// <summary>Per-address result cache slots (rounded up to a power of two); 0 disables it. Default 8192. A hit allocates nothing.</summary>
    public int CacheCapacity { get; init; } = 8192;
}
