using System.Net;
using System.Net.Sockets;

namespace Vigil.Cel.Runtime;

/// <summary>net.IP of the network extension (cel-go ext/network). IPv4-mapped IPv6 compares equal to IPv4.</summary>
internal sealed class IpValue(IPAddress address) : CelOpaque
{
    public IPAddress Address { get; } = address;

    public IPAddress Unmapped => Address.IsIPv4MappedToIPv6 ? Address.MapToIPv4() : Address;

    public override CelType Type => CelType.IpAddress;

    public int Family => Address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;

    public override bool ValueEquals(CelOpaque other) => other is IpValue ip && Unmapped.Equals(ip.Unmapped);

    public override string ToString() => Address.ToString();

    /// <summary>Strict parse: dotted-quad IPv4 without leading zeros, or IPv6 without zone or embedded dotted IPv4.</summary>
    public static bool TryParse(string s, out IpValue? value, out string? error)
    {
        value = null;
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

            if (!IPAddress.TryParse(s, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"IP Address '{s}' parse error during conversion from string";
                return false;
            }

            value = new IpValue(v6);
            return true;
        }

        var parts = s.Split('.');
        if (parts.Length != 4)
        {
            error = $"IP Address '{s}' parse error during conversion from string";
            return false;
        }

        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string p = parts[i];
            if (p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(char.IsAsciiDigit))
            {
                error = $"IP Address '{s}' parse error during conversion from string";
                return false;
            }

            int n = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            if (n > 255)
            {
                error = $"IP Address '{s}' parse error during conversion from string";
                return false;
            }

            bytes[i] = (byte)n;
        }

        value = new IpValue(new IPAddress(bytes));
        return true;
    }

    public bool IsUnspecified => Unmapped.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any);

    public bool IsLoopback => IPAddress.IsLoopback(Unmapped);

    public bool IsLinkLocalUnicast
    {
        get
        {
            var b = Unmapped.GetAddressBytes();
            return b.Length == 4 ? b[0] == 169 && b[1] == 254 : b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
        }
    }

    public bool IsLinkLocalMulticast
    {
        get
        {
            var b = Unmapped.GetAddressBytes();
            return b.Length == 4 ? b[0] == 224 && b[1] == 0 && b[2] == 0 : b[0] == 0xff && (b[1] & 0x0f) == 0x02;
        }
    }

    public bool IsMulticast
    {
        get
        {
            var b = Unmapped.GetAddressBytes();
            return b.Length == 4 ? (b[0] & 0xf0) == 0xe0 : b[0] == 0xff;
        }
    }

    // Go net.IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local unicast, or the IPv4 broadcast.
    public bool IsGlobalUnicast =>
        !IsUnspecified && !IsLoopback && !IsMulticast && !IsLinkLocalUnicast && !Unmapped.Equals(IPAddress.Broadcast);
}
