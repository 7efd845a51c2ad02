namespace Vigil.Core.Baselines;

/// <summary>
/// How big each sketch of a profile is. An identity needs a handful of values per feature (the long tail is what
/// makes a value unfamiliar); peers and the tenant need many more to estimate how common a value is.
/// </summary>
internal sealed class ProfileShape
{
    /// <summary>Capacity per <see cref="Feature"/>; 0 means the level does not track it (device ids are personal: a tenant-wide count says nothing; other features are read only at some levels).</summary>
    public required int[] Capacities { get; init; }

    public required double HalfLifeDays { get; init; }

    /// <summary>Whether the hours-of-week profile learns (only identities' rhythms are read).</summary>
    public bool CountsHours { get; init; } = true;

    /// <summary>
    /// Whether the sketches keep their entries in two arrays shared by the whole profile (one of keys, one of counts,
    /// each sketch a fixed slice at its full capacity) instead of two arrays each. For identities: an event reads and
    /// updates most of its identity's sketches, and one identity among thousands is rarely in cache, so its keys
    /// and counts are best side by side rather than in two dozen arrays allocated as sketches grew. It also saves
    /// the arrays' headers and growth slack: an identity's 84 entries take about the memory the growing arrays did.
    /// </summary>
    public bool SharedStorage { get; init; }

    public static readonly ProfileShape Identity = new()
    {
        //           Country Asn Prefix City DevType OS Browser Version Device Resource Action Auth
        Capacities = [6, 10, 12, 8, 3, 4, 4, 6, 6, 16, 6, 3],
        HalfLifeDays = 45,
        SharedStorage = true,
    };

    public static readonly ProfileShape PeerGroup = new()
    {
        // Peers are read for the roots of the likelihood's chains (country, device type) and for resources; the rest
        // is not tracked (learning it cost a third of Observe and answered no question).
        Capacities = [64, 0, 0, 0, 8, 0, 0, 0, 0, 256, 0, 0],
        HalfLifeDays = 45,
        CountsHours = false,
    };

    public static readonly ProfileShape Tenant = new()
    {
        // The tenant is read along the likelihood's chains (the population view); city, resource, action and credential
        // type are not read at tenant level, so they are not tracked.
        Capacities = [256, 1024, 512, 0, 8, 32, 64, 256, 0, 0, 0, 0],
        HalfLifeDays = 45,
        CountsHours = false,
    };
}
