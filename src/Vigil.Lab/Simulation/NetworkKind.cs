namespace Vigil.Lab.Simulation;

/// <summary>What kind of network an address block belongs to; drives which IP list it appears on.</summary>
internal enum NetworkKind
{
    Residential,
    Mobile,
    Hosting,
    Anonymiser,
    Tor,
    Bulletproof,
    Corporate,
}
