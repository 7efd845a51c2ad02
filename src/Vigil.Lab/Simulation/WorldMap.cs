namespace Vigil.Lab.Simulation;

/// <summary>
/// The synthetic but consistent Internet the simulation lives in: real cities, and for each city a few ISP
/// blocks (two fixed-line, one mobile), plus hosting regions, commercial VPN exits, Tor-like exits,
/// bulletproof hosting used only by attackers, and the company's own egress ranges. It depends on nothing
/// random, so the IP lists written next to any run describe every run.
/// </summary>
internal sealed partial class WorldMap
{
    private uint _cursor = 31u << 24; // 31.0.0.0: allocate whole /16s upward from here
    private int _nextAsn = 64512;

    public WorldMap()
    {
        Cities = BuildCities();
        Residential = new IpBlock[Cities.Count][];
        Mobile = new IpBlock[Cities.Count];
        var countries = Cities.Select(c => c.CountryIso).Distinct().ToArray();
        var countryAs = new Dictionary<string, AutonomousSystem[]>(StringComparer.Ordinal);
        foreach (var iso in countries)
        {
            var name = Cities.First(c => c.CountryIso == iso).CountryName;
            countryAs[iso] =
            [
                NewAs($"{name} Telecom", NetworkKind.Residential),
                NewAs($"{name} Cable & Fibre", NetworkKind.Residential),
                NewAs($"{name} Mobile", NetworkKind.Mobile),
            ];
        }

        foreach (var city in Cities)
        {
            var isps = countryAs[city.CountryIso];
            Residential[city.Index] = [NextBlock(16, isps[0], city), NextBlock(16, isps[1], city)];
            Mobile[city.Index] = NextBlock(16, isps[2], city);
        }

        var hosting = new List<IpBlock>();
        string[] providers = ["Nimbus Web Services", "Gale Cloud Platform", "Azurite Cloud"];
        string[] regions = ["Ashburn", "Seattle", "Dublin", "Frankfurt", "Singapore", "Tokyo", "Sao Paulo", "Mumbai"];
        foreach (var provider in providers)
        {
            var owner = NewAs(provider, NetworkKind.Hosting);
            hosting.AddRange(regions.Select(r => NextBlock(16, owner, CityByName(r))));
        }

        Hosting = hosting;

        var vpn = new List<IpBlock>();
        string[] vpnProviders = ["ShieldTunnel VPN", "Nordlight Privacy", "Incognet Proxy", "HideWay VPN"];
        string[] vpnCities = ["Amsterdam", "Zurich", "Stockholm", "New York", "London", "Frankfurt", "Singapore", "Toronto", "Bucharest", "Tokyo"];
        foreach (var provider in vpnProviders)
        {
            var owner = NewAs(provider, NetworkKind.Anonymiser);
            vpn.AddRange(SplitNext(owner, vpnCities.Select(CityByName).ToArray(), 24));
        }

        Anonymisers = vpn;

        var tor = new List<IpBlock>();
        string[] torHosts = ["Relayworks e.V.", "Onion Exit Collective", "Freedom Relays", "Privex-like Hosting", "Quintex Exits"];
        string[] torCities = ["Frankfurt", "Amsterdam", "Bucharest", "Paris", "Stockholm", "Zurich", "Vienna", "Kyiv", "Seattle", "Warsaw"];
        foreach (var host in torHosts)
        {
            var owner = NewAs(host, NetworkKind.Tor);
            tor.AddRange(SplitNext(owner, torCities.Select(CityByName).ToArray(), 26));
        }

        TorExits = tor;

        var bulletproof = new List<IpBlock>();
        string[] bpHosts = ["Stark Industries-like Hosting", "Yalishanda Networks", "Proton66-like LLC", "Aeza-like Group"];
        string[] bpCities = ["Moscow", "Chisinau", "Amsterdam", "Hong Kong", "Lagos", "Bucharest", "Jakarta", "Hanoi"];
        foreach (var host in bpHosts)
        {
            var owner = NewAs(host, NetworkKind.Bulletproof);
            bulletproof.AddRange(SplitNext(owner, bpCities.Select(CityByName).ToArray(), 24));
        }

        Bulletproof = bulletproof;

        var corp = NewAs("Example Corp Network", NetworkKind.Corporate);
        var officeCities = OfficeNames.Select(CityByName).ToArray();
        OfficeEgress = SplitNext(corp, officeCities, 28);
        var hubs = VpnHubNames.Select(CityByName).ToArray();
        VpnHubs = SplitNext(corp, hubs, 27);
        Offices = officeCities;
    }

    public static readonly string[] OfficeNames = ["Berlin", "London", "New York", "San Francisco", "Bangalore", "Singapore", "Toronto", "Paris"];

    private static readonly string[] VpnHubNames = ["Frankfurt", "Ashburn", "Singapore"];

    public IReadOnlyList<City> Cities { get; }

    /// <summary>Two fixed-line ISP blocks per city.</summary>
    public IpBlock[][] Residential { get; }

    /// <summary>The mobile carrier's CGNAT block per city.</summary>
    public IpBlock[] Mobile { get; }

    public IReadOnlyList<IpBlock> Hosting { get; }

    public IReadOnlyList<IpBlock> Anonymisers { get; }

    public IReadOnlyList<IpBlock> TorExits { get; }

    public IReadOnlyList<IpBlock> Bulletproof { get; }

    public IReadOnlyList<City> Offices { get; }

    /// <summary>One /28 NAT range per office, in <see cref="Offices"/> order.</summary>
    public IReadOnlyList<IpBlock> OfficeEgress { get; }

    /// <summary>The corporate VPN concentrators: remote staff on VPN appear from here.</summary>
    public IReadOnlyList<IpBlock> VpnHubs { get; }

    public City CityByName(string name) => Cities.First(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public IpBlock HostingBlock(int provider, int region) => Hosting[(provider * 8) + region];

    private AutonomousSystem NewAs(string name, NetworkKind kind) => new(_nextAsn++, name, kind);

    private IpBlock NextBlock(int prefix, AutonomousSystem owner, City city)
    {
        var block = new IpBlock(_cursor, prefix, owner, city);
        _cursor += 1u << (32 - prefix);
        return block;
    }

    /// <summary>Takes the next /16 and carves consecutive sub-blocks of one prefix length, one per city.</summary>
    private List<IpBlock> SplitNext(AutonomousSystem owner, City[] cities, int prefix)
    {
        var parent = _cursor;
        _cursor += 1u << 16;
        var step = 1u << (32 - prefix);
        var result = new List<IpBlock>(cities.Length);
        for (var i = 0; i < cities.Length; i++)
        {
            // Spread the sub-blocks over the /16 so neighbouring providers do not share a /24.
            result.Add(new IpBlock(parent + ((uint)i * Math.Max(step, 256u) * 3), prefix, owner, cities[i]));
        }

        return result;
    }
}
