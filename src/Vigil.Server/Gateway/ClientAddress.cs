using System.Net;

namespace Vigil.Server.Gateway;

/// <summary>
/// The client's address as the gateway saw it. The gateway itself is trusted (it authenticated with a key), and so are
/// the proxies the operator lists with <c>--trusted-proxy</c> (a load balancer or CDN in front of the gateway); nothing
/// else is. Walking from the right of the chain (<c>X-Real-IP</c>, then <c>X-Forwarded-For</c>, else RFC 7239
/// <c>Forwarded: for=</c>), the first address that is not a trusted proxy is the client: entries further left were
/// written by the client or by proxies nobody vouches for, so a client cannot choose its own address.
/// </summary>
internal sealed class ClientAddress(IReadOnlyList<IPNetwork> trustedProxies)
{
    /// <summary>The most chain entries examined: a longer chain is a forgery or a loop.</summary>
    private const int MaxHops = 32;

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        text = text.Trim();
        if (IPNetwork.TryParse(text, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    /// <summary>The client's address, or null when the headers name none that parses.</summary>
    public string? Of(IHeaderDictionary headers)
    {
        var chain = new List<IPAddress>(4);
        Append(chain, headers.TryGetValue("X-Forwarded-For", out var xff) ? xff : default, forwarded: false);
        if (chain.Count == 0)
        {
            Append(chain, headers.TryGetValue("Forwarded", out var fwd) ? fwd : default, forwarded: true);
        }

        // X-Real-IP is the gateway's own peer (nginx $remote_addr): the right end of the chain when it is not already.
        if (headers.TryGetValue("X-Real-IP", out var real) && real.Count > 0 && IPAddress.TryParse(real[^1]?.Trim(), out var peer))
        {
            peer = Normal(peer);
            if (chain.Count == 0 || !chain[^1].Equals(peer))
            {
                chain.Add(peer);
            }
        }

        for (int i = chain.Count - 1; i >= 0; i--)
        {
            if (i == 0 || !IsTrusted(chain[i]))
            {
                return chain[i].ToString();
            }
        }

        return null;
    }

    private bool IsTrusted(IPAddress address)
    {
        foreach (var network in trustedProxies)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static void Append(List<IPAddress> chain, Microsoft.Extensions.Primitives.StringValues values, bool forwarded)
    {
        foreach (string? value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (string part in value.Split(','))
            {
                if (chain.Count >= MaxHops)
                {
                    chain.RemoveAt(0); // keep the right end: that is the part the trusted hops wrote
                }

                string? text = forwarded ? ForValue(part) : part.Trim();
                if (text is not null && IPAddress.TryParse(text, out var address))
                {
                    chain.Add(Normal(address));
                }
                else
                {
                    // An entry that is not an address (obfuscated "unknown", a forgery) ends what can be believed left of it.
                    chain.Clear();
                }
            }
        }
    }

    /// <summary>The address in one RFC 7239 element's <c>for=</c> pair: quoted, IPv6 in brackets, perhaps with a port.</summary>
    private static string? ForValue(string element)
    {
        foreach (string pair in element.Split(';'))
        {
            string p = pair.Trim();
            if (!p.StartsWith("for=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string v = p[4..].Trim().Trim('"');
            if (v.StartsWith('['))
            {
                int close = v.IndexOf(']', StringComparison.Ordinal);
                return close > 0 ? v[1..close] : null;
            }

            int colon = v.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && v.IndexOf(':', colon + 1) < 0 ? v[..colon] : v;
        }

        return null;
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
