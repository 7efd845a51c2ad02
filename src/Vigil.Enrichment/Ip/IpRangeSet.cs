using System.Net;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// An immutable set of IPv4 and IPv6 ranges, each tagged with <see cref="IpCategory"/> flags. Overlapping input
/// ranges are split and merged at build time into sorted, disjoint ranges, so a lookup is a single binary search
/// (O(log n)) that allocates nothing. IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 ranges.
/// Safe to share between threads. Build one with <see cref="IpRangeSetBuilder"/> or <see cref="IpReputation"/>.
/// </summary>
public sealed class IpRangeSet
{
    private readonly RangeTable<uint> v4;
    private readonly RangeTable<UInt128> v6;

    internal IpRangeSet(RangeTable<uint> v4, RangeTable<UInt128> v6)
    {
        this.v4 = v4;
        this.v6 = v6;
    }

    /// <summary>A set that matches nothing.</summary>
    public static IpRangeSet Empty { get; } = new(RangeTable<uint>.Empty, RangeTable<UInt128>.Empty);

    /// <summary>Number of disjoint IPv4 ranges after merging (not the number of input lines).</summary>
    public int Ipv4RangeCount => v4.Count;

    /// <summary>Number of disjoint IPv6 ranges after merging (not the number of input lines).</summary>
    public int Ipv6RangeCount => v6.Count;

    /// <summary>The categories of every range containing <paramref name="address"/>; <see cref="IpCategory.None"/> if none.</summary>
    public IpCategory Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IpAddressBits.TryRead(address, out bool isV4, out uint a4, out UInt128 a6))
        {
            return IpCategory.None;
        }

        return isV4 ? v4.Lookup(a4) : v6.Lookup(a6);
    }

    /// <summary>
    /// The categories of every range containing the address given as network-order bytes (4 for IPv4, 16 for IPv6,
    /// as written by <see cref="IPAddress.TryWriteBytes"/>). Any other length matches nothing.
    /// </summary>
    public IpCategory Lookup(ReadOnlySpan<byte> addressBytes)
    {
        if (!IpAddressBits.TryRead(addressBytes, out bool isV4, out uint a4, out UInt128 a6))
        {
            return IpCategory.None;
        }

        return isV4 ? v4.Lookup(a4) : v6.Lookup(a6);
    }

    /// <summary>The categories of every range containing the IPv4 address given as a host-order integer (1.2.3.4 is 0x01020304).</summary>
    public IpCategory LookupIpv4(uint address) => v4.Lookup(address);

    internal RangeTable<uint> V4 => v4;

    internal RangeTable<UInt128> V6 => v6;
}
