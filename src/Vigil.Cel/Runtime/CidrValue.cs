namespace Vigil.Cel.Runtime;

/// <summary>net.CIDR of the network extension: an address and a prefix length, with the mask precomputed.</summary>
internal sealed class CidrValue : CelOpaque
{
    private readonly UInt128 _mask;
    private readonly UInt128 _network;

    public CidrValue(IpValue ip, int prefix)
    {
        Ip = ip;
        Prefix = prefix;
        int width = ip.BitLength;
        UInt128 all = ip.IsV4 ? uint.MaxValue : UInt128.MaxValue;
        _mask = prefix == 0 ? 0 : all & ~((UInt128.One << (width - prefix)) - 1);
        _network = ip.Bits & _mask;
    }

    public IpValue Ip { get; }

    public int Prefix { get; }

    public override CelType Type => CelType.Cidr;

    public override bool ValueEquals(CelOpaque other) => other is CidrValue c && c.Prefix == Prefix && Ip.ValueEquals(c.Ip);

    public override string ToString() => $"{Ip}/{Prefix.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static bool TryParse(string s, out CidrValue? value, out string? error)
    {
        value = null;
        if (s.Contains('%', StringComparison.Ordinal))
        {
            error = "CIDR with zone value is not allowed";
            return false;
        }

        int slash = s.LastIndexOf('/');
        if (slash < 0 || slash == s.Length - 1
            || !int.TryParse(s.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int prefix))
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

        if (prefix > ip!.BitLength)
        {
            error = "network address parse error during conversion from string: prefix length out of range";
            return false;
        }

        value = new CidrValue(ip, prefix);
        return true;
    }

    public CidrValue Masked() => new(new IpValue(_network, Ip.IsV4), Prefix);

    public bool Contains(UInt128 bits, bool isV4) => isV4 == Ip.IsV4 && (bits & _mask) == _network;

    public bool Contains(IpValue other) => Contains(other.Bits, other.IsV4);

    public bool Contains(CidrValue other) => other.Prefix >= Prefix && Contains(other.Ip);
}
