using System.Net;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;
using Vigil.Enrichment.Geo;
using Vigil.Enrichment.Ip;
using Vigil.Enrichment.MaxMindFormat;

namespace Vigil.Core.Tests.Enrichment;

public sealed class EventEnricherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-enrich-").FullName;

    private (string City, string Asn) WriteDatabases()
    {
        var city = new MmdbWriter("GeoLite2-City");
        city.Insert("81.2.69.0/24", new Dictionary<string, object>
        {
            ["country"] = new Dictionary<string, object> { ["iso_code"] = "DE" },
            ["city"] = new Dictionary<string, object> { ["names"] = new Dictionary<string, object> { ["en"] = "Berlin" } },
            ["location"] = new Dictionary<string, object> { ["latitude"] = 52.52, ["longitude"] = 13.40, ["accuracy_radius"] = (ushort)20 },
        });
        var asn = new MmdbWriter("GeoLite2-ASN");
        asn.Insert("81.2.69.0/24", new Dictionary<string, object> { ["autonomous_system_number"] = 3320u, ["autonomous_system_organization"] = "Deutsche Telekom AG" });
        string cityPath = Path.Combine(_dir, "City.mmdb"), asnPath = Path.Combine(_dir, "ASN.mmdb");
        File.WriteAllBytes(cityPath, city.ToArray());
        File.WriteAllBytes(asnPath, asn.ToArray());
        return (cityPath, asnPath);
    }

    [Fact]
    public void Enrich_EventWithOnlyAnAddressAndUserAgent_GainsGeoAsnReputationAndClient()
    {
        var (cityPath, asnPath) = WriteDatabases();
        using var geo = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = cityPath, AsnDatabasePath = asnPath });
        var reputation = IpReputation.Parse("81.2.69.0/24\n", IpCategory.CorporateEgress);
        var enricher = new EventEnricher(geo, reputation);
        var e = new TelemetryEvent
        {
            SubjectId = "alice",
            TimestampMs = 1,
            Kind = EventKind.SignIn,
            SourceIp = IPAddress.Parse("81.2.69.10"),
            UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        };

        var enriched = enricher.Enrich(e);

        Assert.Equal("DE", enriched.Country);
        Assert.Equal("Berlin", enriched.City);
        Assert.Equal(new GeoPoint(52.52, 13.40), enriched.Location);
        Assert.Equal(3320u, enriched.AsNumber);
        Assert.Equal("Deutsche Telekom AG", enriched.AsOrganization);
        Assert.Equal(IpCategory.CorporateEgress, enriched.SourceCategories);
        Assert.Equal("Chrome", enriched.Browser);
        Assert.Equal(126, enriched.BrowserMajor);
        Assert.Equal("Windows", enriched.OperatingSystem);
        Assert.Equal("Desktop", enriched.DeviceType);
        Assert.False(enriched.IsScriptedClient);
    }

    [Fact]
    public void Enrich_FactsTheEventAlreadyCarries_AreKept()
    {
        var (cityPath, asnPath) = WriteDatabases();
        using var geo = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = cityPath, AsnDatabasePath = asnPath });
        var e = new TelemetryEvent { SubjectId = "a", TimestampMs = 1, Kind = EventKind.SignIn, SourceIp = IPAddress.Parse("81.2.69.10"), Country = "FR", AsNumber = 5 };
        var enriched = new EventEnricher(geo).Enrich(e);
        Assert.Equal("FR", enriched.Country);
        Assert.Equal(5u, enriched.AsNumber);
        Assert.Equal("Berlin", enriched.City);
    }

    [Fact]
    public void Enrich_PersonSigningInWithoutUserAgent_IsAScriptedClient()
    {
        var e = new TelemetryEvent { SubjectId = "a", TimestampMs = 1, Kind = EventKind.SignIn };
        Assert.True(new EventEnricher().Enrich(e).IsScriptedClient);
        Assert.False(new EventEnricher().Enrich(e with { IdentityKind = IdentityKind.Workload }).IsScriptedClient);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
