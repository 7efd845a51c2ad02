namespace Vigil.Enrichment.Ip;

/// <summary>
/// Which IP list files to load. Each file holds one category (e.g. a Tor exit list as
/// <see cref="IpCategory.Anonymizer"/>); several files may share a category. Default: no lists, so every lookup
/// answers <see cref="IpCategory.None"/>.
/// </summary>
public sealed class IpReputationOptions
{
    /// <summary>The files to load, in any order. Overlaps between files are fine: a lookup returns the union.</summary>
    public IList<IpListFile> Lists { get; init; } = [];
}
