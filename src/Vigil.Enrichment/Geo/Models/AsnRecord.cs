using MaxMind.Db;

namespace Vigil.Enrichment.Geo.Models;

/// <summary>A GeoLite2-ASN (or GeoIP2-ISP) record.</summary>
internal sealed class AsnRecord
{
    [Constructor]
    public AsnRecord(
        [MapKey("autonomous_system_number")] long? number,
        [MapKey("autonomous_system_organization")] string? organization)
    {
        Number = number;
        Organization = organization;
    }

    public long? Number { get; }

    public string? Organization { get; }
}
