namespace Vigil.Cel.Runtime;

/// <summary>Functions of the network extension (cel-go ext/network): ip(), cidr(), isIP(), isCIDR() and methods.</summary>
internal static class NetworkFunctions
{
    public static CelValue Ip(CelValue s)
    {
        if (s.Kind == CelKind.Opaque && s.AsOpaque is IpValue)
        {
            return s;
        }

        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        return IpValue.TryParse(s.AsString!, out var ip, out var error) ? CelValue.Opaque(ip!) : CelValue.Error(error!);
    }

    public static CelValue Cidr(CelValue s)
    {
        if (s.Kind == CelKind.Opaque && s.AsOpaque is CidrValue)
        {
            return s;
        }

        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        return CidrValue.TryParse(s.AsString!, out var c, out var error) ? CelValue.Opaque(c!) : CelValue.Error(error!);
    }

    public static CelValue IsIp(CelValue s) =>
        s.Kind == CelKind.String ? CelValue.Bool(IpValue.TryParse(s.AsString!, out _, out _)) : Errors.NoSuchOverload;

    public static CelValue IsCidr(CelValue s) =>
        s.Kind == CelKind.String ? CelValue.Bool(CidrValue.TryParse(s.AsString!, out _, out _)) : Errors.NoSuchOverload;

    public static CelValue IsCanonical(CelValue s)
    {
        if (s.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        return IpValue.TryParse(s.AsString!, out var ip, out var error)
            ? CelValue.Bool(string.Equals(ip!.ToString(), s.AsString, StringComparison.Ordinal))
            : CelValue.Error(error!);
    }

    public static CelValue IpMethod(CelValue v, Func<IpValue, CelValue> f) =>
        v.Kind == CelKind.Opaque && v.AsOpaque is IpValue ip ? f(ip) : Errors.NoSuchOverload;

    public static CelValue CidrMethod(CelValue v, Func<CidrValue, CelValue> f) =>
        v.Kind == CelKind.Opaque && v.AsOpaque is CidrValue c ? f(c) : Errors.NoSuchOverload;

    public static CelValue ContainsIp(CelValue cidr, CelValue ip)
    {
        if (cidr.AsOpaque is not CidrValue c)
        {
            return Errors.NoSuchOverload;
        }

        switch (ip.Kind)
        {
            case CelKind.Opaque when ip.AsOpaque is IpValue value:
                return CelValue.Bool(c.Contains(value));
            case CelKind.String:
                // Parsed without allocating for IPv4: policies often test a request's address string.
                return IpValue.TryParseBits(ip.AsString!, out var bits, out bool v4, out var error)
                    ? CelValue.Bool(c.Contains(bits, v4))
                    : CelValue.Error(error!);
            default:
                return Errors.NoSuchOverload;
        }
    }

    public static CelValue ContainsCidr(CelValue cidr, CelValue other)
    {
        if (cidr.AsOpaque is not CidrValue c)
        {
            return Errors.NoSuchOverload;
        }

        var parsed = Cidr(other);
        return parsed.IsError ? parsed : CelValue.Bool(c.Contains((CidrValue)parsed.AsOpaque!));
    }
}
