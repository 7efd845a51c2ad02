using MaxMind.Db;

namespace Vigil.Enrichment.Geo.Models;

/// <summary>A country, decoded for its ISO 3166-1 alpha-2 code only.</summary>
internal sealed class CountryRecord
{
    [Constructor]
    public CountryRecord([MapKey("iso_code")] string? isoCode)
    {
        IsoCode = isoCode;
    }

    public string? IsoCode { get; }
}
