using System.Globalization;

namespace Vigil.Enrichment.UserAgents;

/// <summary>Pre-built version strings so that parsing a version never allocates.</summary>
internal static class NumberStrings
{
    private static readonly string[] Integers = [.. Enumerable.Range(0, 128).Select(static i => i.ToString(CultureInfo.InvariantCulture))];

    private static readonly string[] MacOs10 = [.. Enumerable.Range(0, 16).Select(static i => "10." + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>The decimal string of <paramref name="value"/>, or null when out of the table (no OS has such a version).</summary>
    public static string? Of(int value) => (uint)value < (uint)Integers.Length ? Integers[value] : null;

    /// <summary>"10.minor" for Mac OS X 10.x.</summary>
    public static string? MacOs10Minor(int minor) => (uint)minor < (uint)MacOs10.Length ? MacOs10[minor] : "10";
}
