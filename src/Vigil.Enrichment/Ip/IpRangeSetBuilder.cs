using System.Net;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// Collects CIDR blocks and address ranges with their categories, then builds an immutable <see cref="IpRangeSet"/>.
/// Not thread-safe; build once at start-up (or on list reload) and share the result.
/// </summary>
public sealed class IpRangeSetBuilder
{
    private readonly List<(uint Start, uint End, IpCategory Categories)> v4 = [];
    private readonly List<(UInt128 Start, UInt128 End, IpCategory Categories)> v6 = [];

    /// <summary>Number of ranges added so far (before merging).</summary>
    public int Count => v4.Count + v6.Count;

    /// <summary>
    /// Adds a CIDR block. Host bits below the prefix are ignored (10.1.2.3/8 means 10.0.0.0/8).
    /// An IPv4-mapped IPv6 block (::ffff:a.b.c.d/96 or longer) is stored as the IPv4 block it maps.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The prefix length is outside 0..32 (IPv4) or 0..128 (IPv6).</exception>
    public IpRangeSetBuilder AddNetwork(IPAddress network, int prefixLength, IpCategory categories)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool family4 = IpAddressBits.IsIpv4Family(network);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, family4 ? 32 : 128);
        if (!IpAddressBits.TryRead(network, out bool isV4, out uint a4, out UInt128 a6))
        {
            throw new ArgumentException("Unsupported address family.", nameof(network));
        }

        if (isV4 && !family4)
        {
            if (prefixLength < 96)
            {
                // A block wider than ::ffff:0:0/96 is not an IPv4 block; keep it as IPv6.
                var (s6, e6) = IpAddressBits.V6Range(a6, prefixLength);
                v6.Add((s6, e6, categories));
                return this;
            }

            prefixLength -= 96;
        }

        if (isV4)
        {
            var (s, e) = IpAddressBits.V4Range(a4, prefixLength);
            v4.Add((s, e, categories));
        }
        else
        {
            var (s, e) = IpAddressBits.V6Range(a6, prefixLength);
            v6.Add((s, e, categories));
        }

        return this;
    }

    /// <summary>Adds a single address (a /32 or /128).</summary>
    public IpRangeSetBuilder AddAddress(IPAddress address, IpCategory categories)
    {
        ArgumentNullException.ThrowIfNull(address);
        return AddNetwork(address, IpAddressBits.IsIpv4Family(address) ? 32 : 128, categories);
    }

    /// <summary>Adds an inclusive range <paramref name="first"/>..<paramref name="last"/> of one address family.</summary>
    /// <exception cref="ArgumentException">The addresses are of different families or <paramref name="last"/> is below <paramref name="first"/>.</exception>
    public IpRangeSetBuilder AddRange(IPAddress first, IPAddress last, IpCategory categories)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(last);
        if (!IpAddressBits.TryRead(first, out bool firstV4, out uint f4, out UInt128 f6)
            || !IpAddressBits.TryRead(last, out bool lastV4, out uint l4, out UInt128 l6)
            || firstV4 != lastV4)
        {
            throw new ArgumentException("Both ends of a range must be addresses of the same family.", nameof(last));
        }

        if (firstV4 ? l4 < f4 : l6 < f6)
        {
            throw new ArgumentException("The last address of a range must not be below the first.", nameof(last));
        }

        if (firstV4)
        {
            v4.Add((f4, l4, categories));
        }
        else
        {
            v6.Add((f6, l6, categories));
        }

        return this;
    }

    /// <summary>
    /// Adds one entry in list syntax: an address, a CIDR block, or a range "first-last".
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid entry; the message says why.</exception>
    public IpRangeSetBuilder Add(string entry, IpCategory categories)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IpListParser.TryParseEntry(entry.AsSpan().Trim(), out var parsed, out string? error))
        {
            throw new FormatException($"'{entry}': {error}");
        }

        Add(parsed, categories);
        return this;
    }

    internal void Add(in IpListEntry entry, IpCategory categories)
    {
        if (entry.IsV4)
        {
            v4.Add(((uint)entry.Start, (uint)entry.End, categories));
        }
        else
        {
            v6.Add((entry.Start, entry.End, categories));
        }
    }

    /// <summary>Builds the immutable, merged set. The builder can be reused afterwards.</summary>
    public IpRangeSet Build() => new(RangeTable<uint>.Build(v4), RangeTable<UInt128>.Build(v6));
}
