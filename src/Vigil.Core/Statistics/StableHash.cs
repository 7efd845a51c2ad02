using System.Runtime.CompilerServices;
using System.Text;

namespace Vigil.Core.Statistics;

/// <summary>
/// Stable 64-bit hash of feature values, identical on every run, process and machine (unlike
/// <see cref="string.GetHashCode()"/>, which is randomised per process).
/// </summary>
/// <remarks>
/// <see cref="Of(ReadOnlySpan{char})"/> is FNV-1a 64 (Fowler, Noll, Vo; draft-eastlake-fnv) over the UTF-8
/// encoding of the text, so it matches the published FNV-1a test vectors and any other implementation that hashes
/// UTF-8 (a Go or Python tool can reproduce Vigil's keys). Lone surrogates are hashed as U+FFFD, exactly as
/// <see cref="Encoding.UTF8"/> would encode them. No normalisation or case folding is done here: callers
/// canonicalise first (lower-case a domain, mask an IP to its prefix).
/// </remarks>
internal static class StableHash
{
    /// <summary>FNV-1a 64 offset basis: the hash of the empty string.</summary>
    public const ulong OffsetBasis = 14695981039346656037UL;

    /// <summary>FNV 64-bit prime.</summary>
    public const ulong Prime = 1099511628211UL;

    /// <summary>FNV-1a 64 of the UTF-8 encoding of <paramref name="value"/>. Allocates nothing.</summary>
    public static ulong Of(ReadOnlySpan<char> value)
    {
        ulong hash = OffsetBasis;
        int i = 0;
        while (i < value.Length)
        {
            char c = value[i];
            if (c < 0x80)
            {
                hash = (hash ^ c) * Prime;
                i++;
                continue;
            }

            // Invalid UTF-16 yields U+FFFD with at least one char consumed, as Encoding.UTF8 does.
            _ = Rune.DecodeFromUtf16(value[i..], out Rune rune, out int consumed);
            i += Math.Max(consumed, 1);
            int v = rune.Value;
            if (v < 0x800)
            {
                hash = (hash ^ (uint)(0xC0 | (v >> 6))) * Prime;
                hash = (hash ^ (uint)(0x80 | (v & 0x3F))) * Prime;
            }
            else if (v < 0x10000)
            {
                hash = (hash ^ (uint)(0xE0 | (v >> 12))) * Prime;
                hash = (hash ^ (uint)(0x80 | ((v >> 6) & 0x3F))) * Prime;
                hash = (hash ^ (uint)(0x80 | (v & 0x3F))) * Prime;
            }
            else
            {
                hash = (hash ^ (uint)(0xF0 | (v >> 18))) * Prime;
                hash = (hash ^ (uint)(0x80 | ((v >> 12) & 0x3F))) * Prime;
                hash = (hash ^ (uint)(0x80 | ((v >> 6) & 0x3F))) * Prime;
                hash = (hash ^ (uint)(0x80 | (v & 0x3F))) * Prime;
            }
        }

        return hash;
    }

    /// <summary>FNV-1a 64 of raw UTF-8 bytes; equal to <see cref="Of(ReadOnlySpan{char})"/> of the decoded text when the bytes are valid UTF-8.</summary>
    public static ulong Of(ReadOnlySpan<byte> utf8)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in utf8)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    /// <summary>
    /// Order-dependent combination of two hashes (Combine(a, b) != Combine(b, a) in general), e.g. for a
    /// (feature, value) pair or a (country, city) key. Uses the MurmurHash3 64-bit finaliser (Appleby, fmix64)
    /// so every input bit affects every output bit, which FNV alone does not give for fixed-width inputs.
    /// </summary>
    public static ulong Combine(ulong a, ulong b) => Mix(a ^ Mix(b + 0x9E3779B97F4A7C15UL));

    /// <summary>MurmurHash3 fmix64: a bijective avalanche of 64 bits, also used as a seeded counter-based generator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on the path of every sketch update (stochastic rounding)
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>A deterministic value in [0, 1) derived from <paramref name="entropy"/> (53 random bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToUnitInterval(ulong entropy) => (Mix(entropy) >> 11) * (1.0 / (1UL << 53));
}
