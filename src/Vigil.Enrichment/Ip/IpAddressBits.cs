using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// Turns addresses into integers for range arithmetic, without allocating. IPv4-mapped IPv6 addresses
/// (::ffff:a.b.c.d, RFC 4291 section 2.5.5.2) come back as IPv4 so they match IPv4 ranges.
/// </summary>
internal static class IpAddressBits
{
    /// <summary>Reads an address. Returns false for anything that is neither 4 nor 16 bytes.</summary>
    public static bool TryRead(IPAddress address, out bool isV4, out uint v4, out UInt128 v6)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            isV4 = false;
            v4 = 0;
            v6 = default;
            return false;
        }

        return TryRead(bytes[..written], out isV4, out v4, out v6);
    }

    /// <summary>Reads network-order bytes: 4 for IPv4, 16 for IPv6.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out bool isV4, out uint v4, out UInt128 v6)
    {
        if (bytes.Length == 4)
        {
            isV4 = true;
            v4 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            v6 = default;
            return true;
        }

        if (bytes.Length == 16)
        {
            v6 = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            if (IsV4Mapped(v6))
            {
                isV4 = true;
                v4 = (uint)v6;
                return true;
            }

            isV4 = false;
            v4 = 0;
            return true;
        }

        isV4 = false;
        v4 = 0;
        v6 = default;
        return false;
    }

    /// <summary>True for ::ffff:0:0/96.</summary>
    public static bool IsV4Mapped(UInt128 value) => value >> 32 == 0xFFFF;

    public static bool IsIpv4Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>The inclusive range covered by a prefix of an IPv4 network.</summary>
    public static (uint Start, uint End) V4Range(uint network, int prefixLength)
    {
        uint hostMask = prefixLength == 0 ? uint.MaxValue : (prefixLength == 32 ? 0u : uint.MaxValue >> prefixLength);
        uint start = network & ~hostMask;
        return (start, start | hostMask);
    }

    /// <summary>The inclusive range covered by a prefix of an IPv6 network.</summary>
    public static (UInt128 Start, UInt128 End) V6Range(UInt128 network, int prefixLength)
    {
        UInt128 hostMask = prefixLength == 0 ? UInt128.MaxValue : (prefixLength == 128 ? UInt128.Zero : UInt128.MaxValue >> prefixLength);
        UInt128 start = network & ~hostMask;
        return (start, start | hostMask);
    }
}
