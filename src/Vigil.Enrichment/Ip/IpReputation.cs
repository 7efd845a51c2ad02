using System.Net;

namespace Vigil.Enrichment.Ip;

/// <summary>
/// The IP reputation lists of a deployment (anonymizers, hosting, threat intelligence, the organisation's own
/// egress) merged into one <see cref="IpRangeSet"/>, so a lookup answers every category with one O(log n) binary
/// search and no allocation. Immutable and thread-safe; to reload lists, load a new instance and swap the reference.
/// </summary>
public sealed class IpReputation
{
    /// <summary>Wraps an already built set.</summary>
    public IpReputation(IpRangeSet ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        Ranges = ranges;
    }

    /// <summary>A reputation that knows no address.</summary>
    public static IpReputation Empty { get; } = new(IpRangeSet.Empty);

    /// <summary>The merged ranges.</summary>
    public IpRangeSet Ranges { get; }

    /// <summary>
    /// Loads every configured file. Bad lines and missing files are collected across all files and reported
    /// together in one <see cref="IpListLoadException"/>; nothing is loaded if any line is bad, so a typo cannot
    /// silently drop a block from a deny list.
    /// </summary>
    /// <exception cref="IpListLoadException">At least one file is missing or has a bad line.</exception>
    public static IpReputation Load(IpReputationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new IpRangeSetBuilder();
        var errors = new List<IpListError>();
        foreach (var list in options.Lists)
        {
            if (string.IsNullOrWhiteSpace(list.Path))
            {
                errors.Add(new IpListError("(empty path)", 0, string.Empty, $"the {list.Category} list has no path; set Path to a text file"));
                continue;
            }

            if (!File.Exists(list.Path))
            {
                errors.Add(new IpListError(list.Path, 0, string.Empty, $"file not found (configured for {list.Category}); check the path or remove the entry"));
                continue;
            }

            using var reader = new StreamReader(list.Path);
            IpListParser.Parse(reader, list.Path, list.Category, builder, errors);
        }

        if (errors.Count > 0)
        {
            throw new IpListLoadException(errors);
        }

        return new IpReputation(builder.Build());
    }

    /// <summary>
    /// Parses list text that is already in memory (tests, embedded defaults). Bad lines are collected and thrown
    /// together, named by <paramref name="sourceName"/> and line number.
    /// </summary>
    /// <exception cref="IpListLoadException">At least one line is bad.</exception>
    public static IpReputation Parse(string text, IpCategory category, string sourceName = "(text)")
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new IpRangeSetBuilder();
        var errors = new List<IpListError>();
        using var reader = new StringReader(text);
        IpListParser.Parse(reader, sourceName, category, builder, errors);
        if (errors.Count > 0)
        {
            throw new IpListLoadException(errors);
        }

        return new IpReputation(builder.Build());
    }

    /// <summary>Every category whose lists contain <paramref name="address"/>. IPv4-mapped IPv6 matches IPv4 lists.</summary>
    public IpCategory Lookup(IPAddress address) => Ranges.Lookup(address);

    /// <summary>Same as <see cref="Lookup(IPAddress)"/> for network-order bytes (4 or 16).</summary>
    public IpCategory Lookup(ReadOnlySpan<byte> addressBytes) => Ranges.Lookup(addressBytes);
}
