namespace Vigil.Core.Baselines;

/// <summary>
/// How big each sketch of a profile is. An identity needs a handful of values per feature (the long tail is what
/// makes a value unfamiliar); peers and the tenant need many more to estimate how common a value is.
/// </summary>
internal sealed class ProfileShape
{
    /// <summary>Capacity per <see cref="Feature"/>; 0 means the level does not track it (device ids are personal: a tenant-wide count says nothing).</summary>
    public required int[] Capacities { get; init; }

    public required double HalfLifeDays { get; init; }

    /// <summary>Entries allocated up front per sketch; sketches grow (by doubling) to their capacity.</summary>
    public int InitialCapacity { get; init; } = int.MaxValue;

    public static readonly ProfileShape Identity = new()
    {
        //           Country Asn Prefix City DevType OS Browser Version Device Resource Action Auth
        Capacities = [6, 10, 12, 8, 3, 4, 4, 6, 6, 16, 6, 3],
        HalfLifeDays = 45,
        InitialCapacity = 4,
    };

    public static readonly ProfileShape PeerGroup = new()
    {
        Capacities = [64, 256, 512, 256, 8, 16, 24, 64, 0, 256, 32, 8],
        HalfLifeDays = 45,
    };

    public static readonly ProfileShape Tenant = new()
    {
        Capacities = [256, 1024, 512, 1024, 8, 32, 64, 256, 0, 1024, 64, 16],
        HalfLifeDays = 45,
    };
}
