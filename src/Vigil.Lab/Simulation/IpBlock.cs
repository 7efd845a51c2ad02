using System.Globalization;

namespace Vigil.Lab.Simulation;

/// <summary>An IPv4 prefix owned by one AS and located in one city.</summary>
internal sealed class IpBlock
{
    public IpBlock(uint baseAddress, int prefixLength, AutonomousSystem owner, City city)
    {
        Base = baseAddress;
        PrefixLength = prefixLength;
        Owner = owner;
        City = city;
    }

    public uint Base { get; }

    public int PrefixLength { get; }

    public AutonomousSystem Owner { get; }

    public City City { get; }

    public NetworkKind Kind => Owner.Kind;

    public uint Size => 1u << (32 - PrefixLength);

    /// <summary>A host address inside the block (never the network or broadcast address).</summary>
    public uint RandomAddress(SimRandom random) => Size <= 2 ? Base : Base + 1 + (uint)random.NextLong(0, Size - 2);

    /// <summary>The n-th host address, wrapping inside the block.</summary>
    public uint Address(ulong n) => Size <= 2 ? Base : Base + 1 + (uint)(n % (Size - 2));

    public string Cidr => string.Create(CultureInfo.InvariantCulture,
        $"{Base >> 24}.{(Base >> 16) & 255}.{(Base >> 8) & 255}.{Base & 255}/{PrefixLength}");
}
