using System.Net;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// Recognises private and special-purpose addresses, which geo and reputation lookups cannot place: a sign-in
/// from 10.0.0.5 says "inside a network", not "in a country". IPv4-mapped IPv6 addresses are judged as IPv4.
/// </summary>
public static class ReservedAddresses
{
    /// <summary>Which special-purpose block <paramref name="address"/> is in, or <see cref="ReservedAddressKind.None"/>.</summary>
    public static ReservedAddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!IpAddressBits.TryRead(address, out bool isV4, out uint v4, out UInt128 v6))
        {
            return ReservedAddressKind.Reserved;
        }

        return isV4 ? ClassifyV4(v4) : ClassifyV6(v6);
    }

    /// <summary>Same as <see cref="Classify(IPAddress)"/> for network-order bytes (4 or 16); any other length is <see cref="ReservedAddressKind.Reserved"/>.</summary>
    public static ReservedAddressKind Classify(ReadOnlySpan<byte> addressBytes)
    {
        if (!IpAddressBits.TryRead(addressBytes, out bool isV4, out uint v4, out UInt128 v6))
        {
            return ReservedAddressKind.Reserved;
        }

        return isV4 ? ClassifyV4(v4) : ClassifyV6(v6);
    }

    /// <summary>True when the address is an ordinary public address (no special-purpose block).</summary>
    public static bool IsPublic(IPAddress address) => Classify(address) == ReservedAddressKind.None;

    /// <summary>True for RFC 1918 and unique-local addresses.</summary>
    public static bool IsPrivate(IPAddress address) => Classify(address) == ReservedAddressKind.Private;

    internal static ReservedAddressKind ClassifyV4(uint a)
    {
        return (a >> 24) switch
        {
            0 => ReservedAddressKind.Unspecified,
            10 => ReservedAddressKind.Private,
            127 => ReservedAddressKind.Loopback,
            >= 224 and <= 239 => ReservedAddressKind.Multicast,
            >= 240 => ReservedAddressKind.Reserved,
            _ => ClassifyV4Narrow(a),
        };
    }

    private static ReservedAddressKind ClassifyV4Narrow(uint a)
    {
        if (In(a, 0xAC100000u, 12) || In(a, 0xC0A80000u, 16))
        {
            return ReservedAddressKind.Private;
        }

        if (In(a, 0xA9FE0000u, 16))
        {
            return ReservedAddressKind.LinkLocal;
        }

        if (In(a, 0x64400000u, 10))
        {
            return ReservedAddressKind.CarrierGradeNat;
        }

        if (In(a, 0xC0000200u, 24) || In(a, 0xC6336400u, 24) || In(a, 0xCB007100u, 24))
        {
            return ReservedAddressKind.Documentation;
        }

        if (In(a, 0xC6120000u, 15))
        {
            return ReservedAddressKind.Benchmarking;
        }

        if (In(a, 0xC0000000u, 24))
        {
            return ReservedAddressKind.Reserved;
        }

        return ReservedAddressKind.None;
    }

    internal static ReservedAddressKind ClassifyV6(UInt128 a)
    {
        if (a == UInt128.Zero)
        {
            return ReservedAddressKind.Unspecified;
        }

        if (a == UInt128.One)
        {
            return ReservedAddressKind.Loopback;
        }

        ulong high = (ulong)(a >> 64);
        if (high >> 56 == 0xFF)
        {
            return ReservedAddressKind.Multicast;
        }

        if (high >> 54 == 0xFE80 >> 6)
        {
            return ReservedAddressKind.LinkLocal;
        }

        if (high >> 57 == 0xFC >> 1)
        {
            return ReservedAddressKind.Private;
        }

        if (high >> 32 == 0x20010DB8 || high >> 44 == 0x3FFF0)
        {
            return ReservedAddressKind.Documentation;
        }

        if (high == 0x0100_0000_0000_0000)
        {
            return ReservedAddressKind.Reserved;
        }

        return ReservedAddressKind.None;
    }

    private static bool In(uint address, uint network, int prefixLength) => address >> (32 - prefixLength) == network >> (32 - prefixLength);
}
