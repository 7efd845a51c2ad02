using System.Net;

namespace Vigil.Cel.Runtime;

/// <summary>net.CIDR of the network extension: an address and a prefix length.</summary>
internal sealed class CidrValue(IpValue ip, int prefix) : CelOpaque
{
    public IpValue Ip { get; } = ip;

    public int Prefix { get; } = prefix;

    public override CelType Type => CelType.Cidr;

    public override bool ValueEquals(CelOpaque other) => other is CidrValue c && c.Prefix == Prefix && Ip.ValueEquals(c.Ip);

    public override string ToString() => $"{Ip}/{Prefix.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static bool TryParse(string s, out CidrValue? value, out string? error)
    {
        value = null;
        int slash = s.LastIndexOf('/');
        if (s.Contains('%', StringComparison.Ordinal))
        {
            error = "CIDR with zone value is not allowed";
            return false;
        }

        if (slash < 0 || !int.TryParse(s.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int prefix)
            || slash + 2 > s.Length)
        {
            error = "network address parse error during conversion from string";
            return false;
        }

        if (!IpValue.TryParse(s[..slash], out var ip, out error))
        {
            if (error is not null && !error.Contains("not allowed", StringComparison.Ordinal))
            {
                error = "network address parse error during conversion from string";
            }

            return false;
        }

        if (prefix > (ip!.Family == 4 ? 32 : 128))
        {
            error = "network address parse error during conversion from string: prefix length out of range";
            return false;
        }

        value = new CidrValue(ip, prefix);
        return true;
    }

    public CidrValue Masked() => new(new IpValue(Mask(Ip.Address.GetAddressBytes(), Prefix)), Prefix);

    private static IPAddress Mask(byte[] bytes, int prefix)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            int bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - bits));
        }

        return new IPAddress(bytes);
    }

    public bool Contains(IpValue other)
    {
        if (other.Family != Ip.Family)
        {
            return false;
        }

        return Mask(other.Address.GetAddressBytes(), Prefix).Equals(Mask(Ip.Address.GetAddressBytes(), Prefix));
    }

    public bool Contains(CidrValue other) => other.Prefix >= Prefix && Contains(other.Ip);
}
