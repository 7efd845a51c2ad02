using System.Buffers.Binary;
using System.Net;

namespace Vigil.Cel.Runtime;

/// <summary>
/// net.IP of the network extension (cel-go ext/network). Stored as 128 bits plus the family, so
/// comparisons and CIDR tests allocate nothing. An IPv4-mapped IPv6 address equals its IPv4 form.
/// </summary>
internal sealed class IpValue(UInt128 bits, bool isV4) : CelOpaque
{
    /// <summary>Address bits; an IPv4 address occupies the low 32 bits.</summary>
    public UInt128 Bits { get; } = bits;

    public bool IsV4 { get; } = isV4;

    public int Family => IsV4 ? 4 : 6;

    public int BitLength => IsV4 ? 32 : 128;

    public override CelType Type => CelType.IpAddress;

    private bool IsMapped => !IsV4 && (Bits >> 32) == 0xffff;

    /// <summary>The address as IPv4 bits when it is IPv4 or IPv4-mapped.</summary>
    private bool TryV4(out uint v4)
    {
        v4 = (uint)(Bits & 0xffffffff);
        return IsV4 || IsMapped;
    }

    public override bool ValueEquals(CelOpaque other)
    {
        if (other is not IpValue ip)
        {
            return false;
        }

        if (TryV4(out uint a) && ip.TryV4(out uint b))
        {
            return a == b;
        }

        return IsV4 == ip.IsV4 && Bits == ip.Bits;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsV4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Bits);
            return new IPAddress(bytes[..4]).ToString();
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, Bits);
        return new IPAddress(bytes).ToString();
    }

    public static bool TryParse(string s, out IpValue? value, out string? error)
    {
        if (TryParseBits(s, out var bits, out bool v4, out error))
        {
            value = new IpValue(bits, v4);
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Strict parse: dotted-quad IPv4 without leading zeros, or IPv6 without zone or embedded dotted IPv4.</summary>
    public static bool TryParseBits(string s, out UInt128 bits, out bool isV4, out string? error)
    {
        bits = 0;
        isV4 = false;
        error = null;
        if (s.Contains('%', StringComparison.Ordinal))
        {
            error = "IP Address with zone value is not allowed";
            return false;
        }

        if (s.Contains(':', StringComparison.Ordinal))
        {
            if (s.Contains('.', StringComparison.Ordinal))
            {
                error = "IPv4-mapped IPv6 address is not allowed";
                return false;
            }

            Span<byte> buf = stackalloc byte[16];
            if (!IPAddress.TryParse(s, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6
                || !v6.TryWriteBytes(buf, out int written) || written != 16)
            {
                error = $"IP Address '{s}' parse error during conversion from string";
                return false;
            }

            bits = BinaryPrimitives.ReadUInt128BigEndian(buf);
            return true;
        }

        uint acc = 0;
        int parts = 0, digits = 0, octet = 0;
        bool leadingZero = false;
        foreach (char c in s)
        {
            if (c == '.')
            {
                if (digits == 0 || parts == 3)
                {
                    return Bad(s, out error);
                }

                acc = (acc << 8) | (uint)octet;
                parts++;
                digits = 0;
                octet = 0;
                continue;
            }

            if (!char.IsAsciiDigit(c) || digits == 3 || (digits == 1 && leadingZero))
            {
                return Bad(s, out error);
            }

            leadingZero = digits == 0 && c == '0';
            octet = (octet * 10) + (c - '0');
            digits++;
            if (octet > 255)
            {
                return Bad(s, out error);
            }
        }

        if (parts != 3 || digits == 0)
        {
            return Bad(s, out error);
        }

        bits = (acc << 8) | (uint)octet;
        isV4 = true;
        return true;
    }

    private static bool Bad(string s, out string? error)
    {
        error = $"IP Address '{s}' parse error during conversion from string";
        return false;
    }

    public bool IsUnspecified => Bits == 0 || (TryV4(out uint v4) && v4 == 0);

    public bool IsLoopback => TryV4(out uint v4) ? (v4 >> 24) == 127 : Bits == 1;

    public bool IsLinkLocalUnicast => TryV4(out uint v4) ? (v4 >> 16) == 0xa9fe : (Bits >> 118) == 0x3fa;

    public bool IsLinkLocalMulticast => TryV4(out uint v4) ? (v4 >> 8) == 0xe00000 : (Bits >> 120) == 0xff && ((Bits >> 112) & 0x0f) == 0x02;

    public bool IsMulticast => TryV4(out uint v4) ? (v4 >> 28) == 0xe : (Bits >> 120) == 0xff;

    // Go net.IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local unicast, or the IPv4 broadcast.
    public bool IsGlobalUnicast =>
        !IsUnspecified && !IsLoopback && !IsMulticast && !IsLinkLocalUnicast && !(TryV4(out uint v4) && v4 == uint.MaxValue);
}
