using System.Net;
using System.Net.Sockets;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Baselines;

/// <summary>Turns an event into one stable hash per feature, without allocating.</summary>
internal static class FeatureExtractor
{
    // Salts keep values of different features apart even when their text is equal ("Linux" the OS vs a resource).
    private const ulong AsnSalt = 0xA5A5_0001;
    private const ulong CitySalt = 0xA5A5_0002;
    private const ulong VersionSalt = 0xA5A5_0003;
    private const ulong ActionSalt = 0xA5A5_0004;
    private static readonly ulong UnregisteredDevice = StableHash.Of("(unregistered device)".AsSpan());

    public static FeatureHashes Extract(in TelemetryEvent e)
    {
        var h = default(FeatureHashes);
        bool network = e.SourceIp is not null || e.Country is not null || e.AsNumber != 0;
        if (network)
        {
            ulong country = Hash(e.Country ?? "??");
            h[(int)Feature.Country] = country;
            h[(int)Feature.Asn] = StableHash.Combine(AsnSalt, e.AsNumber != 0 ? e.AsNumber : country);
            if (e.SourceIp is not null)
            {
                h[(int)Feature.IpPrefix] = PrefixHash(e.SourceIp);
            }

            if (e.City is not null)
            {
                h[(int)Feature.City] = StableHash.Combine(CitySalt ^ country, Hash(e.City));
            }
        }

        if (e.UserAgent is not null || e.Browser is not null)
        {
            h[(int)Feature.DeviceType] = Hash(e.DeviceType ?? "Other");
            h[(int)Feature.OperatingSystem] = Hash(e.OperatingSystem ?? "Other");
            ulong browser = StableHash.Combine(h[(int)Feature.OperatingSystem], Hash(e.Browser ?? "Other"));
            h[(int)Feature.Browser] = browser;
            h[(int)Feature.BrowserVersion] = StableHash.Combine(VersionSalt ^ browser, (ulong)e.BrowserMajor);
        }

        if (e.DeviceId is not null)
        {
            h[(int)Feature.Device] = Hash(e.DeviceId);
        }
        else if (e.IdentityKind == IdentityKind.Human && e.Kind == EventKind.SignIn && e.UserAgent is not null)
        {
            // A browser sign-in with no device id is an unregistered device: for someone who always signs in from a
            // registered laptop that is itself unfamiliar, for someone who never registers one it is the usual value.
            h[(int)Feature.Device] = UnregisteredDevice;
        }

        if (e.ResourceId is not null)
        {
            h[(int)Feature.Resource] = Hash(e.ResourceId);
            h[(int)Feature.Action] = StableHash.Combine(ActionSalt ^ (ulong)e.Kind, FoldedHash(e.ResourceAction));
        }

        if (e.AuthMethod is not null)
        {
            h[(int)Feature.AuthMethod] = Hash(e.AuthMethod);
        }

        return h;
    }

    /// <summary>/24 for IPv4 (and IPv4-mapped IPv6), /48 for IPv6: the granularity at which addresses are shared by a household, office or cloud region.</summary>
    public static ulong PrefixHash(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!ip.TryWriteBytes(bytes, out int written))
        {
            return 0;
        }

        if (written == 16 && ip.IsIPv4MappedToIPv6)
        {
            bytes.Slice(12, 4).CopyTo(bytes);
            written = 4;
        }

        int prefixBytes = ip.AddressFamily == AddressFamily.InterNetwork || written == 4 ? 3 : 6;
        return StableHash.Combine((ulong)prefixBytes, StableHash.Of(bytes[..prefixBytes]));
    }

    /// <summary>Hash of the whole address (a source for stuffing and spray).</summary>
    public static ulong AddressHash(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[16];
        return ip.TryWriteBytes(bytes, out int written) ? StableHash.Of(bytes[..written]) : 0;
    }

    public static ulong Hash(string? value) => value is null ? 0 : StableHash.Of(value.AsSpan());

    /// <summary>
    /// The hash of the lower-cased (invariant) value: events keep an action as written (the policy compares it
    /// exactly), but `GET` and `get` are one habit, and baselines learned before actions kept their case stay valid.
    /// </summary>
    internal static ulong FoldedHash(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return StableHash.Of(ReadOnlySpan<char>.Empty);
        }

        if (value.Length > 256)
        {
            return StableHash.Of(value.ToLowerInvariant().AsSpan());
        }

        Span<char> lower = stackalloc char[value.Length];
        int written = value.AsSpan().ToLowerInvariant(lower);
        return StableHash.Of(lower[..written]);
    }
}
