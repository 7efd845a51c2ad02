using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// Reads IP list text: one address, CIDR block or "first-last" range per line; '#' starts a comment (whole line or
/// trailing); blank lines are skipped. Every bad line is reported, the rest still load.
/// </summary>
internal static class IpListParser
{
    private const int MaxShownText = 200;

    public static void Parse(TextReader reader, string source, IpCategory category, IpRangeSetBuilder builder, List<IpListError> errors)
    {
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            ReadOnlySpan<char> text = line.AsSpan();
            int hash = text.IndexOf('#');
            if (hash >= 0)
            {
                text = text[..hash];
            }

            text = text.Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            if (TryParseEntry(text, out var entry, out string? error))
            {
                builder.Add(entry, category);
            }
            else
            {
                string shown = text.Length > MaxShownText ? string.Concat(text[..MaxShownText], "...") : text.ToString();
                errors.Add(new IpListError(source, lineNumber, shown, error));
            }
        }
    }

    /// <summary>Parses one trimmed entry without comments.</summary>
    public static bool TryParseEntry(ReadOnlySpan<char> text, out IpListEntry entry, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        entry = default;
        int dash = text.IndexOf('-');
        if (dash >= 0)
        {
            return TryParseRange(text[..dash].Trim(), text[(dash + 1)..].Trim(), out entry, out error);
        }

        int slash = text.IndexOf('/');
        ReadOnlySpan<char> addressText = slash >= 0 ? text[..slash] : text;
        if (!TryParseAddress(addressText, out bool isV4, out UInt128 value, out error))
        {
            return false;
        }

        int maxPrefix = isV4 ? 32 : 128;
        int prefix = maxPrefix;
        if (slash >= 0)
        {
            ReadOnlySpan<char> prefixText = text[(slash + 1)..];
            if (prefixText.IsEmpty || prefixText.Length > 3 || !IsAllDigits(prefixText)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix)
            {
                error = isV4
                    ? "prefix length must be a number from 0 to 32 for an IPv4 block, e.g. 203.0.113.0/24"
                    : "prefix length must be a number from 0 to 128 for an IPv6 block, e.g. 2001:db8::/32";
                return false;
            }
        }

        if (!isV4 && IpAddressBits.IsV4Mapped(value) && prefix >= 96)
        {
            // ::ffff:a.b.c.d/n is an IPv4 block written in IPv6 notation: store it where IPv4 lookups will find it.
            isV4 = true;
            value = (uint)value;
            prefix -= 96;
        }

        if (isV4)
        {
            var (s, e) = IpAddressBits.V4Range((uint)value, prefix);
            entry = new IpListEntry(true, s, e);
        }
        else
        {
            var (s, e) = IpAddressBits.V6Range(value, prefix);
            entry = new IpListEntry(false, s, e);
        }

        error = null;
        return true;
    }

    private static bool TryParseRange(ReadOnlySpan<char> firstText, ReadOnlySpan<char> lastText, out IpListEntry entry, out string? error)
    {
        entry = default;
        if (!TryParseAddress(firstText, out bool firstV4, out UInt128 first, out error)
            || !TryParseAddress(lastText, out bool lastV4, out UInt128 last, out error))
        {
            error = "a range must be two addresses 'first-last', e.g. 198.51.100.10-198.51.100.20 (" + error + ")";
            return false;
        }

        if (firstV4 != lastV4)
        {
            error = "both ends of a range must be the same family (IPv4 or IPv6)";
            return false;
        }

        if (last < first)
        {
            error = "the last address of a range must not be below the first";
            return false;
        }

        entry = new IpListEntry(firstV4, first, last);
        return true;
    }

    /// <summary>
    /// Parses a plain address. Stricter than <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>, which
    /// also accepts inet_aton shorthands like "10.1" (10.0.0.1), octal and hex octets: in a block list those are
    /// almost always typos, so an IPv4 address must be exactly four decimal octets. Zone ids (%eth0) are refused.
    /// </summary>
    private static bool TryParseAddress(ReadOnlySpan<char> text, out bool isV4, out UInt128 value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        isV4 = false;
        value = default;
        if (text.IsEmpty)
        {
            error = "missing address";
            return false;
        }

        if (text.Contains(':'))
        {
            if (text.Contains('%') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = "not a valid IPv6 address";
                return false;
            }

            Span<byte> bytes = stackalloc byte[16];
            v6.TryWriteBytes(bytes, out _);
            value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            error = null;
            return true;
        }

        uint v4 = 0;
        int octets = 0;
        foreach (var range in text.Split('.'))
        {
            ReadOnlySpan<char> part = text[range];
            if (part.IsEmpty || part.Length > 3 || !IsAllDigits(part)
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int octet) || octet > 255)
            {
                error = "not a valid IPv4 address (expected four numbers 0-255 separated by dots)";
                return false;
            }

            v4 = (v4 << 8) | (uint)octet;
            octets++;
        }

        if (octets != 4)
        {
            error = "not a valid IPv4 address (expected four numbers 0-255 separated by dots)";
            return false;
        }

        isV4 = true;
        value = v4;
        error = null;
        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
