using System.Buffers.Binary;
using System.Net;
using Vigil.Enrichment.Ip;

namespace Vigil.Enrichment.Tests.Ip;

public sealed class IpRangeSetTests
{
    private static IPAddress A(string s) => IPAddress.Parse(s);

    [Fact]
    public void Lookup_AddressInsideBlock_ReturnsItsCategory()
    {
        var set = new IpRangeSetBuilder().Add("203.0.113.0/24", IpCategory.KnownBad).Build();

        Assert.Equal(IpCategory.KnownBad, set.Lookup(A("203.0.113.0")));
        Assert.Equal(IpCategory.KnownBad, set.Lookup(A("203.0.113.255")));
        Assert.Equal(IpCategory.None, set.Lookup(A("203.0.112.255")));
        Assert.Equal(IpCategory.None, set.Lookup(A("203.0.114.0")));
    }

    [Fact]
    public void Lookup_OverlappingBlocksOfDifferentCategories_ReturnsUnionOnlyInOverlap()
    {
        var set = new IpRangeSetBuilder()
            .Add("10.0.0.0/8", IpCategory.Hosting)
            .Add("10.1.0.0/16", IpCategory.Anonymizer)
            .Add("10.1.2.3", IpCategory.KnownBad)
            .Build();

        Assert.Equal(IpCategory.Hosting, set.Lookup(A("10.0.255.255")));
        Assert.Equal(IpCategory.Hosting | IpCategory.Anonymizer, set.Lookup(A("10.1.2.2")));
        Assert.Equal(IpCategory.Hosting | IpCategory.Anonymizer | IpCategory.KnownBad, set.Lookup(A("10.1.2.3")));
        Assert.Equal(IpCategory.Hosting | IpCategory.Anonymizer, set.Lookup(A("10.1.2.4")));
        Assert.Equal(IpCategory.Hosting, set.Lookup(A("10.2.0.0")));
    }

    [Fact]
    public void Build_AdjacentAndNestedBlocksOfOneCategory_MergeIntoOneRange()
    {
        var set = new IpRangeSetBuilder()
            .Add("192.0.2.0/25", IpCategory.Hosting)
            .Add("192.0.2.128/25", IpCategory.Hosting)
            .Add("192.0.2.64/26", IpCategory.Hosting)
            .Add("192.0.2.10", IpCategory.Hosting)
            .Build();

        Assert.Equal(1, set.Ipv4RangeCount);
        Assert.Equal(IpCategory.Hosting, set.Lookup(A("192.0.2.200")));
    }

    [Fact]
    public void Lookup_WholeAddressSpace_MatchesBothEnds()
    {
        var set = new IpRangeSetBuilder()
            .Add("0.0.0.0/0", IpCategory.Hosting)
            .Add("::/0", IpCategory.Anonymizer)
            .Add("255.255.255.255", IpCategory.KnownBad)
            .Add("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", IpCategory.KnownBad)
            .Build();

        Assert.Equal(IpCategory.Hosting, set.Lookup(A("0.0.0.0")));
        Assert.Equal(IpCategory.Hosting | IpCategory.KnownBad, set.Lookup(A("255.255.255.255")));
        Assert.Equal(IpCategory.Anonymizer, set.Lookup(A("::")));
        Assert.Equal(IpCategory.Anonymizer | IpCategory.KnownBad, set.Lookup(A("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
    }

    [Fact]
    public void Lookup_Ipv6Block_MatchesOnlyIpv6()
    {
        var set = new IpRangeSetBuilder().Add("2001:db8::/32", IpCategory.CorporateEgress).Build();

        Assert.Equal(IpCategory.CorporateEgress, set.Lookup(A("2001:db8:ffff::1")));
        Assert.Equal(IpCategory.None, set.Lookup(A("2001:db9::")));
        Assert.Equal(IpCategory.None, set.Lookup(A("32.1.13.184")));
    }

    [Fact]
    public void Lookup_Ipv4MappedIpv6Address_MatchesIpv4Block()
    {
        var set = new IpRangeSetBuilder().Add("198.51.100.0/24", IpCategory.Anonymizer).Build();

        Assert.Equal(IpCategory.Anonymizer, set.Lookup(A("::ffff:198.51.100.7")));
        Assert.Equal(IpCategory.Anonymizer, set.Lookup(A("198.51.100.7").MapToIPv6()));
    }

    [Fact]
    public void Add_Ipv4MappedBlockInIpv6Notation_MatchesPlainIpv4()
    {
        var set = new IpRangeSetBuilder().Add("::ffff:198.51.100.0/120", IpCategory.Anonymizer).Build();

        Assert.Equal(IpCategory.Anonymizer, set.Lookup(A("198.51.100.200")));
        Assert.Equal(1, set.Ipv4RangeCount);
    }

    [Fact]
    public void Lookup_ByBytesAndByUInt_MatchesLookupByAddress()
    {
        var set = new IpRangeSetBuilder().Add("198.51.100.0/24", IpCategory.Hosting).Add("2001:db8::/48", IpCategory.KnownBad).Build();

        Assert.Equal(IpCategory.Hosting, set.Lookup([198, 51, 100, 1]));
        Assert.Equal(IpCategory.Hosting, set.LookupIpv4(0xC6336401));
        Assert.Equal(IpCategory.KnownBad, set.Lookup(A("2001:db8::5").GetAddressBytes()));
        Assert.Equal(IpCategory.None, set.Lookup([1, 2, 3]));
    }

    [Fact]
    public void Add_HostBitsSet_AreIgnored()
    {
        var set = new IpRangeSetBuilder().Add("10.1.2.3/8", IpCategory.Hosting).Build();

        Assert.Equal(IpCategory.Hosting, set.Lookup(A("10.200.0.1")));
    }

    [Fact]
    public void AddRange_ArbitraryRange_MatchesInclusiveEnds()
    {
        var set = new IpRangeSetBuilder().AddRange(A("198.51.100.10"), A("198.51.100.20"), IpCategory.Partner).Build();

        Assert.Equal(IpCategory.None, set.Lookup(A("198.51.100.9")));
        Assert.Equal(IpCategory.Partner, set.Lookup(A("198.51.100.10")));
        Assert.Equal(IpCategory.Partner, set.Lookup(A("198.51.100.20")));
        Assert.Equal(IpCategory.None, set.Lookup(A("198.51.100.21")));
    }

    [Fact]
    public void AddRange_Reversed_Throws() =>
        Assert.Throws<ArgumentException>(() => new IpRangeSetBuilder().AddRange(A("10.0.0.2"), A("10.0.0.1"), IpCategory.Hosting));

    [Fact]
    public void AddNetwork_PrefixTooLong_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new IpRangeSetBuilder().AddNetwork(A("10.0.0.0"), 33, IpCategory.Hosting));

    [Fact]
    public void Lookup_AllocatesNothing()
    {
        var set = new IpRangeSetBuilder().Add("10.0.0.0/8", IpCategory.Hosting).Add("2001:db8::/32", IpCategory.Hosting).Build();
        var v4 = A("10.1.2.3");
        var v6 = A("2001:db8::1");
        var mapped = A("::ffff:10.1.2.3");
        set.Lookup(v4);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            set.Lookup(v4);
            set.Lookup(v6);
            set.Lookup(mapped);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Lookup_RandomOverlappingRanges_AgreesWithLinearScan()
    {
        var random = new Random(20240611);
        var ranges = new List<(uint Start, uint End, IpCategory Category)>();
        var builder = new IpRangeSetBuilder();
        for (int i = 0; i < 400; i++)
        {
            uint network = (uint)random.NextInt64(0, 1L << 32);
            int prefix = random.Next(8, 33);
            var category = (IpCategory)(1 << random.Next(0, 4));
            uint mask = prefix == 32 ? 0u : uint.MaxValue >> prefix;
            ranges.Add((network & ~mask, (network & ~mask) | mask, category));
            builder.AddNetwork(ToAddress(network), prefix, category);
        }

        var set = builder.Build();
        for (int i = 0; i < 20_000; i++)
        {
            // Probe range edges as well as random points: that is where off-by-one errors live.
            var r = ranges[random.Next(ranges.Count)];
            uint probe = (i % 4) switch
            {
                0 => r.Start,
                1 => r.End,
                2 => r.End == uint.MaxValue ? r.End : r.End + 1,
                _ => (uint)random.NextInt64(0, 1L << 32),
            };

            var expected = IpCategory.None;
            foreach (var (start, end, category) in ranges)
            {
                if (probe >= start && probe <= end)
                {
                    expected |= category;
                }
            }

            Assert.Equal(expected, set.LookupIpv4(probe));
        }
    }

    private static IPAddress ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
