namespace Vigil.Enrichment.Ip;

/// <summary>Special-purpose address blocks (IANA IPv4/IPv6 Special-Purpose Address Registries, RFC 6890).</summary>
public enum ReservedAddressKind
{
    /// <summary>An ordinary, globally routable address.</summary>
    None = 0,

    /// <summary>0.0.0.0/8 ("this network", RFC 791) or the IPv6 unspecified address ::.</summary>
    Unspecified,

    /// <summary>127.0.0.0/8 or ::1.</summary>
    Loopback,

    /// <summary>RFC 1918 private ranges (10/8, 172.16/12, 192.168/16) and IPv6 unique local fc00::/7 (RFC 4193).</summary>
    Private,

    /// <summary>169.254.0.0/16 (RFC 3927) or fe80::/10.</summary>
    LinkLocal,

    /// <summary>100.64.0.0/10, shared address space for carrier-grade NAT (RFC 6598).</summary>
    CarrierGradeNat,

    /// <summary>Documentation examples: 192.0.2/24, 198.51.100/24, 203.0.113/24 (RFC 5737), 2001:db8::/32 (RFC 3849), 3fff::/20 (RFC 9637).</summary>
    Documentation,

    /// <summary>198.18.0.0/15, benchmarking (RFC 2544).</summary>
    Benchmarking,

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    Multicast,

    /// <summary>Other reserved space: 192.0.0.0/24 (IETF protocol assignments), 240.0.0.0/4 and broadcast, 100::/64 (discard).</summary>
    Reserved,
}
