using System.Net;
using System.Net.Sockets;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Which addresses Shared Signals' outgoing HTTP may reach (SSRF): a receiver chooses the push endpoint_url and an
/// administrator the transmitter URL, and neither may point Vigil at loopback, link-local (the cloud metadata
/// service), private, shared (CGNAT), multicast, reserved or unspecified addresses, nor at an IPv6 address carrying
/// one of them (IPv4-mapped, NAT64, 6to4), unless <see cref="SsfSettings.AllowedPushNetworks"/> lists them. Checked
/// on the URL text when a stream is created (a 400) and on the resolved addresses at connect time
/// (<see cref="SsfReceiverHttp"/>), so a name that later resolves elsewhere (DNS rebinding) is refused too.
/// </summary>
internal static class SsfAddressPolicy
{
    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"), // holds the cloud metadata address 169.254.169.254
        (IPNetwork.Parse("100.64.0.0/10"), "shared"), // RFC 6598 carrier-grade NAT: a provider's internal network
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"), // with the broadcast address 255.255.255.255
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fc00::/7"), "private"), // holds AWS's IPv6 metadata address fd00:ec2::254
        (IPNetwork.Parse("ff00::/8"), "multicast"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "private"), // RFC 8215 local-use NAT64: the IPv4 address may sit anywhere in it
    ];

    // Prefixes whose addresses carry an IPv4 address that the traffic ends up at: judged as that address.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96"); // RFC 6052: the last 32 bits
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16"); // RFC 3056: bits 16 to 47

    /// <summary>Why <paramref name="address"/> may not be reached (loopback, link-local, private, shared, multicast, reserved, unspecified), or null when it may.</summary>
    public static string? Refusal(IPAddress address, SsfSettings settings)
    {
        if (Allowed(address, settings))
        {
            return null;
        }

        // ::ffff:127.0.0.1 reaches 127.0.0.1, and so do 64:ff9b::7f00:1 through a NAT64 gateway and 2002:7f00:1:: through
        // a 6to4 relay: judge the IPv4 address they carry.
        if (Embedded(address) is { } carried)
        {
            address = carried;
            if (Allowed(address, settings))
            {
                return null;
            }
        }

        foreach (var (network, kind) in Refused)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return null;
    }

    private static bool Allowed(IPAddress address, SsfSettings settings)
    {
        foreach (var allowed in settings.AllowedPushNetworks)
        {
            if (allowed.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The IPv4 address an IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address carries; null for any other.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return Nat64.Contains(address) ? new IPAddress(bytes[12..16])
            : SixToFour.Contains(address) ? new IPAddress(bytes[2..6])
            : null;
    }

    /// <summary>
    /// Why the host of <paramref name="url"/> may not be reached, judged on its text: an address literal (in any form
    /// <see cref="Uri"/> normalises, e.g. 2130706433 is 127.0.0.1) or a localhost name. Other names are judged when
    /// they are resolved at connect time.
    /// </summary>
    public static string? Refusal(Uri url, SsfSettings settings)
    {
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.DnsSafeHost, out var literal))
        {
            return Refusal(literal, settings);
        }

        string host = url.DnsSafeHost.TrimEnd('.');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? Refusal(IPAddress.Loopback, settings)
            : null;
    }

    /// <summary>
    /// Connects to the first address of <paramref name="context"/>'s host that may be reached; throws
    /// <see cref="SsfAddressRefusedException"/> when the host resolves to none (the request fails like an unreachable endpoint).
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, SsfSettings settings, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        IPAddress[] addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var permitted = new List<IPAddress>(addresses.Length);
        string? refusal = null;
        foreach (var address in addresses)
        {
            string? why = Refusal(address, settings);
            if (why is null)
            {
                permitted.Add(address);
            }
            else
            {
                refusal ??= why;
            }
        }

        if (permitted.Count == 0)
        {
            throw new SsfAddressRefusedException($"{endpoint.Host} resolves only to {refusal ?? "no"} addresses, which Shared Signals may not reach");
        }

        // Only the checked addresses are connected to: the name is not resolved a second time.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted.ToArray(), endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
