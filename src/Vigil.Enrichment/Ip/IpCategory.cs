namespace Vigil.Enrichment.Ip;

/// <summary>
/// What an IP address is known to be, from the configured lists. Several categories can match the same
/// address at once (a hosting range that is also a VPN exit), so this is a set of flags.
/// </summary>
[Flags]
public enum IpCategory
{
    /// <summary>No configured list contains the address.</summary>
    None = 0,

    /// <summary>Anonymising infrastructure: commercial VPN exits, Tor exit nodes, open or residential proxies.</summary>
    Anonymizer = 1 << 0,

    /// <summary>Cloud and data-centre ranges (AWS, Azure, GCP, OVH, ...), where people rarely sign in from.</summary>
    Hosting = 1 << 1,

    /// <summary>Threat-intelligence block lists: addresses seen in attacks (credential stuffing, scanning, botnets).</summary>
    KnownBad = 1 << 2,

    /// <summary>The organisation's own VPN concentrators and NAT egress; traffic from here is trusted more, not less.</summary>
    CorporateEgress = 1 << 3,

    /// <summary>Known partner or vendor networks that are allowed to reach the tenant.</summary>
    Partner = 1 << 4,

    /// <summary>Mobile carrier gateways, where many unrelated users share a few addresses.</summary>
    MobileCarrier = 1 << 5,
}
