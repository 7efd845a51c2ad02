namespace Vigil.Lab.Simulation;

/// <summary>Where attacker traffic comes from.</summary>
internal enum Infrastructure
{
    Tor,
    Vpn,
    Bulletproof,
    Hosting,
    ResidentialProxy,
}
