using System.Net;
using System.Numerics;
using MaxMind.Db;
using Vigil.Enrichment.MaxMindFormat;

namespace Vigil.Enrichment.Tests.MaxMindFormat;

public sealed class MmdbWriterTests
{
    private static Reader Open(MmdbWriter writer) => new(new MemoryStream(writer.ToArray()));

    [Fact]
    public void Write_Metadata_ReadBackByMaxMindReader()
    {
        var writer = new MmdbWriter("Vigil-Test-City", recordSize: 24, languages: ["en", "de"], description: "test db", buildEpoch: 1_700_000_000);
        writer.Insert("192.0.2.0/24", new Dictionary<string, object> { ["x"] = "y" });
        using var reader = Open(writer);

        var metadata = reader.Metadata;

        Assert.Equal("Vigil-Test-City", metadata.DatabaseType);
        Assert.Equal(2, metadata.BinaryFormatMajorVersion);
        Assert.Equal(0, metadata.BinaryFormatMinorVersion);
        Assert.Equal(6, metadata.IPVersion);
        Assert.Equal(["en", "de"], metadata.Languages);
        Assert.Equal("test db", metadata.Description["en"]);
        Assert.Equal(new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc), metadata.BuildDate);
    }

    [Fact]
    public void Write_EveryValueType_DecodesToSameValues()
    {
        string medium = new('m', 200);
        string large = new('L', 70_000);
        var writer = new MmdbWriter("Vigil-Types");
        writer.Insert("198.51.100.0/24", new Dictionary<string, object>
        {
            ["string"] = "héllo",
            ["medium"] = medium,
            ["large"] = large,
            ["double"] = -12.25,
            ["float"] = 1.5f,
            ["true"] = true,
            ["false"] = false,
            ["u16"] = (ushort)65535,
            ["u32"] = 4_000_000_000u,
            ["zero"] = 0u,
            ["i32"] = -42,
            ["u64"] = ulong.MaxValue,
            ["u128"] = UInt128.MaxValue,
            ["bytes"] = new byte[] { 1, 2, 3 },
            ["array"] = new List<object> { "a", 1u, new Dictionary<string, object> { ["k"] = "v" } },
        });
        using var reader = Open(writer);

        var data = reader.Find<Dictionary<string, object>>(IPAddress.Parse("198.51.100.9"))!;

        Assert.Equal("héllo", data["string"]);
        Assert.Equal(medium, data["medium"]);
        Assert.Equal(large, data["large"]);
        Assert.Equal(-12.25, data["double"]);
        Assert.Equal(1.5f, data["float"]);
        Assert.Equal(true, data["true"]);
        Assert.Equal(false, data["false"]);
        Assert.Equal(65535, Convert.ToInt64(data["u16"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4_000_000_000L, Convert.ToInt64(data["u32"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(data["zero"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(-42, data["i32"]);
        Assert.Equal(ulong.MaxValue, data["u64"]);
        Assert.Equal(BigInteger.Parse("340282366920938463463374607431768211455", System.Globalization.CultureInfo.InvariantCulture), data["u128"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, data["bytes"]);
        var array = Assert.IsType<List<object>>(data["array"]);
        Assert.Equal("a", array[0]);
        Assert.Equal("v", Assert.IsType<Dictionary<string, object>>(array[2])["k"]);
    }

    [Fact]
    public void Write_NetworksInAnyOrder_MostSpecificWinsAndGapsAreEmpty()
    {
        var writer = new MmdbWriter("Vigil-Order", ipVersion: 4, recordSize: 32);
        writer.Insert("10.1.2.0/24", Tag("inner"));
        writer.Insert("10.0.0.0/8", Tag("outer"));
        writer.Insert("10.1.2.128/25", Tag("innermost"));
        using var reader = Open(writer);

        Assert.Equal("outer", Lookup(reader, "10.200.0.1"));
        Assert.Equal("inner", Lookup(reader, "10.1.2.1"));
        Assert.Equal("innermost", Lookup(reader, "10.1.2.200"));
        Assert.Null(Lookup(reader, "11.0.0.1"));
    }

    [Fact]
    public void Find_PrefixLength_IsTheInsertedNetworks()
    {
        var writer = new MmdbWriter("Vigil-Prefix");
        writer.Insert("203.0.113.0/24", Tag("v4"));
        writer.Insert("2001:db8::/48", Tag("v6"));
        using var reader = Open(writer);

        reader.Find<Dictionary<string, object>>(IPAddress.Parse("203.0.113.5"), out int v4Prefix);
        reader.Find<Dictionary<string, object>>(IPAddress.Parse("2001:db8::5"), out int v6Prefix);

        // MaxMind.Db reports IPv4 prefixes relative to the IPv4 address, as for MaxMind's own files.
        Assert.Equal(24, v4Prefix);
        Assert.Equal(48, v6Prefix);
    }

    [Fact]
    public void Write_SameRecordForManyNetworks_StoredOnce()
    {
        var once = new MmdbWriter("Vigil-Dedupe");
        once.Insert("192.0.2.0/24", Tag(new string('x', 500)));
        var many = new MmdbWriter("Vigil-Dedupe");
        for (int i = 0; i < 50; i++)
        {
            many.Insert($"10.{i}.0.0/16", Tag(new string('x', 500)));
        }

        // 49 more networks add tree nodes (7 bytes each at 28 bits) but not 49 more copies of a 500-byte record.
        Assert.True(many.ToArray().Length - once.ToArray().Length < 49 * 500 / 2);
        using var reader = Open(many);
        Assert.Equal(new string('x', 500), Lookup(reader, "10.49.1.1"));
    }

    [Fact]
    public void Write_Ipv4MappedAlias_ResolvesIpv4Data()
    {
        var writer = new MmdbWriter("Vigil-Alias");
        writer.Insert("192.0.2.0/24", Tag("v4"));
        using var reader = Open(writer);

        Assert.Equal("v4", Lookup(reader, "::ffff:192.0.2.1"));
    }

    [Fact]
    public void Write_RecordSizeTooSmall_ThrowsSayingSo()
    {
        var writer = new MmdbWriter("Vigil-Big", recordSize: 24);
        writer.Insert("192.0.2.0/24", Tag(new string('x', 17_000_000)));

        var ex = Assert.Throws<InvalidOperationException>(() => writer.ToArray());

        Assert.Contains("record_size 24", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Insert_Ipv6IntoIpv4Database_Throws()
    {
        var writer = new MmdbWriter("Vigil-V4", ipVersion: 4);

        Assert.Throws<ArgumentException>(() => writer.Insert("2001:db8::/32", Tag("x")));
    }

    [Fact]
    public void Constructor_UnsupportedRecordSize_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MmdbWriter("Vigil", recordSize: 26));

    private static Dictionary<string, object> Tag(string value) => new() { ["tag"] = value };

    private static string? Lookup(Reader reader, string address) =>
        reader.Find<Dictionary<string, object>>(IPAddress.Parse(address))?["tag"] as string;
}
