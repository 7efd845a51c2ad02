using System.Net;
using Vigil.Enrichment.Geo;
using Vigil.Enrichment.MaxMindFormat;

namespace Vigil.Enrichment.Tests.Geo;

public sealed class GeoIpDatabaseTests : IDisposable
{
    private readonly TestDatabases files = new();

    public void Dispose() => files.Dispose();

    private GeoIpDatabase OpenBoth(int cacheCapacity = 8192) => GeoIpDatabase.Open(new GeoIpOptions
    {
        CityDatabasePath = files.CityPath,
        AsnDatabasePath = files.AsnPath,
        CacheCapacity = cacheCapacity,
    });

    [Fact]
    public void Lookup_AddressInCityAndAsn_ReturnsCountryCityCoordinatesAndAsn()
    {
        using var db = OpenBoth();

        var info = db.Lookup(IPAddress.Parse("81.2.69.142"));

        Assert.Equal("GB", info.CountryIsoCode);
        Assert.Equal("London", info.City);
        Assert.Equal(51.5142, info.Latitude);
        Assert.Equal(-0.0931, info.Longitude);
        Assert.Equal(10, info.AccuracyRadiusKm);
        Assert.Equal(20712u, info.Asn);
        Assert.Equal("Andrews & Arnold Ltd", info.AsOrganization);
        Assert.True(info.HasCoordinates);
    }

    [Fact]
    public void Lookup_MoreSpecificNetwork_WinsOverCoveringNetwork()
    {
        using var db = OpenBoth();

        Assert.Equal("Cambridge", db.Lookup(IPAddress.Parse("81.2.69.170")).City);
        Assert.Equal("London", db.Lookup(IPAddress.Parse("81.2.69.159")).City);
    }

    [Fact]
    public void Lookup_NonAsciiCityName_DecodesUtf8()
    {
        using var db = OpenBoth();

        Assert.Equal("Linköping", db.Lookup(IPAddress.Parse("89.160.20.120")).City);
    }

    [Fact]
    public void Lookup_Ipv6Address_ReturnsIpv6Records()
    {
        using var db = OpenBoth();

        var city = db.Lookup(IPAddress.Parse("2001:480::1"));
        var asn = db.Lookup(IPAddress.Parse("2600:6000::abcd"));

        Assert.Equal("San Diego", city.City);
        Assert.Null(city.Asn);
        Assert.Equal(237u, asn.Asn);
        Assert.Null(asn.CountryIsoCode);
    }

    [Fact]
    public void Lookup_Ipv4MappedIpv6_MatchesIpv4Record()
    {
        using var db = OpenBoth();

        var info = db.Lookup(IPAddress.Parse("::ffff:81.2.69.142"));

        Assert.Equal("London", info.City);
        Assert.Equal(20712u, info.Asn);
    }

    [Fact]
    public void Lookup_ByBytes_MatchesLookupByAddress()
    {
        using var db = OpenBoth();

        Assert.Equal(db.Lookup(IPAddress.Parse("1.130.4.5")), db.Lookup([1, 130, 4, 5]));
        Assert.Equal(1221u, db.Lookup([1, 130, 4, 5]).Asn);
    }

    [Fact]
    public void Lookup_OnlyRegisteredCountry_FallsBackToRegisteredCountry()
    {
        using var db = OpenBoth();

        var info = db.Lookup(IPAddress.Parse("202.196.224.1"));

        Assert.Equal("PH", info.CountryIsoCode);
        Assert.Null(info.City);
        Assert.False(info.HasCoordinates);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2a00:1450::1")]
    public void Lookup_AddressInNoDatabase_ReturnsUnknown(string address)
    {
        using var db = OpenBoth();

        Assert.True(db.Lookup(IPAddress.Parse(address)).IsUnknown);
    }

    [Fact]
    public void Lookup_RepeatedAddress_SameAnswerWithAndWithoutCache()
    {
        using var cached = OpenBoth();
        using var uncached = OpenBoth(cacheCapacity: 0);
        var address = IPAddress.Parse("81.2.69.142");

        var first = cached.Lookup(address);
        var second = cached.Lookup(address);

        Assert.Equal(first, second);
        Assert.Equal(uncached.Lookup(address), second);
    }

    [Fact]
    public void Lookup_CountryCodes_AreSharedInstances()
    {
        using var db = OpenBoth(cacheCapacity: 0);

        var a = db.Lookup(IPAddress.Parse("81.2.69.1")).CountryIsoCode;
        var b = db.Lookup(IPAddress.Parse("81.2.69.2")).CountryIsoCode;

        Assert.Same(a, b);
    }

    [Fact]
    public void Open_OnlyAsnDatabase_LooksUpAsnAndNoLocation()
    {
        using var db = GeoIpDatabase.Open(new GeoIpOptions { AsnDatabasePath = files.AsnPath });

        var info = db.Lookup(IPAddress.Parse("81.2.69.142"));

        Assert.Equal(20712u, info.Asn);
        Assert.Null(info.CountryIsoCode);
        Assert.Null(db.CityDatabaseType);
        Assert.Equal("GeoLite2-ASN", db.AsnDatabaseType);
    }

    [Fact]
    public void Open_LoadIntoMemory_AnswersLikeMemoryMapped()
    {
        using var db = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = files.CityPath, LoadIntoMemory = true });

        Assert.Equal("London", db.Lookup(IPAddress.Parse("81.2.69.142")).City);
    }

    [Fact]
    public void Open_MissingFile_ThrowsNamingThePath()
    {
        string missing = Path.Combine(files.Directory, "nope", "GeoLite2-City.mmdb");

        var ex = Assert.Throws<FileNotFoundException>(() => GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = missing, AsnDatabasePath = files.AsnPath }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("CityDatabasePath", ex.Message, StringComparison.Ordinal);
        Assert.Equal(missing, ex.FileName);
    }

    [Fact]
    public void Open_BothFilesMissing_NamesBoth()
    {
        string city = Path.Combine(files.Directory, "a.mmdb");
        string asn = Path.Combine(files.Directory, "b.mmdb");

        var ex = Assert.Throws<FileNotFoundException>(() => GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = city, AsnDatabasePath = asn }));

        Assert.Contains(city, ex.Message, StringComparison.Ordinal);
        Assert.Contains(asn, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoPathConfigured_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => GeoIpDatabase.Open(new GeoIpOptions()));

        Assert.Contains("CityDatabasePath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FilesSwapped_ReportsWrongKindForEach()
    {
        var ex = Assert.Throws<InvalidDataException>(() => GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = files.AsnPath, AsnDatabasePath = files.CityPath }));

        Assert.Contains($"'{files.AsnPath}' is a 'GeoLite2-ASN' database", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{files.CityPath}' is a 'GeoLite2-City' database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotAMaxMindFile_ThrowsInvalidDataNamingThePath()
    {
        string junk = Path.Combine(files.Directory, "junk.mmdb");
        File.WriteAllText(junk, "this is not a database");

        var ex = Assert.Throws<InvalidDataException>(() => GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = junk }));

        Assert.Contains(junk, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(28)]
    [InlineData(32)]
    public void Lookup_EveryRecordSize_ReadsBack(int recordSize)
    {
        using var sized = new TestDatabases(recordSize);
        using var db = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = sized.CityPath, AsnDatabasePath = sized.AsnPath });

        Assert.Equal("Cambridge", db.Lookup(IPAddress.Parse("81.2.69.161")).City);
        Assert.Equal(1221u, db.Lookup(IPAddress.Parse("1.159.255.255")).Asn);
        Assert.Equal("San Diego", db.Lookup(IPAddress.Parse("2001:480:ffff::1")).City);
    }

    [Fact]
    public void Lookup_Ipv4OnlyDatabase_AnswersIpv4AndIgnoresIpv6()
    {
        var writer = new MmdbWriter("Test-Country", ipVersion: 4, recordSize: 24);
        writer.Insert("198.51.100.0/24", new Dictionary<string, object> { ["country"] = new Dictionary<string, object> { ["iso_code"] = "NZ" } });
        string path = Path.Combine(files.Directory, "v4.mmdb");
        File.WriteAllBytes(path, writer.ToArray());
        using var db = GeoIpDatabase.Open(new GeoIpOptions { CityDatabasePath = path });

        Assert.Equal("NZ", db.Lookup(IPAddress.Parse("198.51.100.7")).CountryIsoCode);
        Assert.True(db.Lookup(IPAddress.Parse("2001:db8::1")).IsUnknown);
    }

    [Fact]
    public void Lookup_CachedAddress_AllocatesNothing()
    {
        using var db = OpenBoth();
        var address = IPAddress.Parse("81.2.69.142");
        byte[] bytes = address.GetAddressBytes();
        db.Lookup(address);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            db.Lookup(address);
            db.Lookup(bytes);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
