using Vigil.Enrichment.MaxMindFormat;

namespace Vigil.Enrichment.Tests.Geo;

/// <summary>Builds small City- and ASN-shaped databases with the GeoIP2 schema, written to a temp folder.</summary>
internal sealed class TestDatabases : IDisposable
{
    public TestDatabases(int recordSize = 28)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vigil-geo-").FullName;
        CityPath = Path.Combine(Directory, "City.mmdb");
        AsnPath = Path.Combine(Directory, "ASN.mmdb");
        File.WriteAllBytes(CityPath, BuildCity(recordSize).ToArray());
        File.WriteAllBytes(AsnPath, BuildAsn(recordSize).ToArray());
    }

    public string Directory { get; }

    public string CityPath { get; }

    public string AsnPath { get; }

    public static MmdbWriter BuildCity(int recordSize = 28)
    {
        var writer = new MmdbWriter("GeoLite2-City", recordSize: recordSize, buildEpoch: 1_700_000_000);
        writer.Insert("81.2.69.0/24", CityRecord("GB", "London", 51.5142, -0.0931, 10, "en-only"));
        writer.Insert("81.2.69.160/27", CityRecord("GB", "Cambridge", 52.2, 0.1167, 5, null));
        writer.Insert("89.160.20.112/28", CityRecord("SE", "Linköping", 58.4167, 15.6167, 76, null));
        writer.Insert("2001:480::/32", CityRecord("US", "San Diego", 32.7203, -117.1552, 20, null));
        // Anycast-style record with only a registered country (MaxMind omits "country" when it cannot place it).
        writer.Insert("202.196.224.0/20", new Dictionary<string, object>
        {
            ["registered_country"] = new Dictionary<string, object> { ["iso_code"] = "PH", ["geoname_id"] = 1694008u },
        });
        return writer;
    }

    public static MmdbWriter BuildAsn(int recordSize = 28)
    {
        var writer = new MmdbWriter("GeoLite2-ASN", recordSize: recordSize, buildEpoch: 1_700_000_000);
        writer.Insert("81.2.69.0/24", AsnRecord(20712, "Andrews & Arnold Ltd"));
        writer.Insert("1.128.0.0/11", AsnRecord(1221, "Telstra Pty Ltd"));
        writer.Insert("2600:6000::/20", AsnRecord(237, "Merit Network Inc."));
        return writer;
    }

    public static Dictionary<string, object> CityRecord(string iso, string city, double latitude, double longitude, ushort radius, string? extra)
    {
        var record = new Dictionary<string, object>
        {
            ["city"] = new Dictionary<string, object>
            {
                ["geoname_id"] = 2643743u,
                ["names"] = new Dictionary<string, object> { ["de"] = city + " (de)", ["en"] = city, ["ja"] = "都市" },
            },
            ["continent"] = new Dictionary<string, object> { ["code"] = "EU" },
            ["country"] = new Dictionary<string, object> { ["iso_code"] = iso, ["is_in_european_union"] = true },
            ["location"] = new Dictionary<string, object>
            {
                ["accuracy_radius"] = radius,
                ["latitude"] = latitude,
                ["longitude"] = longitude,
                ["time_zone"] = "Europe/London",
            },
            ["subdivisions"] = new List<object> { new Dictionary<string, object> { ["iso_code"] = "ENG" } },
        };
        if (extra is not null)
        {
            record["traits"] = new Dictionary<string, object> { ["note"] = extra, ["score"] = -5 };
        }

        return record;
    }

    public static Dictionary<string, object> AsnRecord(uint number, string organization) => new()
    {
        ["autonomous_system_number"] = number,
        ["autonomous_system_organization"] = organization,
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
