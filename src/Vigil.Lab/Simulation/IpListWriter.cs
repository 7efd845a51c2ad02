using System.Globalization;
using System.Text;

namespace Vigil.Lab.Simulation;

/// <summary>
/// Writes the IP reputation lists that describe the simulated Internet, one CIDR per line with <c>#</c> comments,
/// for the engine's IP reputation loader. known_bad.txt deliberately lists only part of the attacker-only ranges:
/// real threat intelligence is incomplete, and residential proxies and cloud hosts never appear on it.
/// </summary>
internal static class IpListWriter
{
    public static IReadOnlyList<string> Write(WorldMap world, string directory, double knownBadCoverage)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>
        {
            WriteList(directory, "anonymisers.txt", "Commercial VPN exits and Tor-like exit relays.",
                world.Anonymisers.Concat(world.TorExits)),
            WriteList(directory, "hosting.txt", "Cloud and hosting providers (workloads and agents run here; so do some attackers).",
                world.Hosting.Concat(world.Bulletproof)),
            WriteList(directory, "known_bad.txt", string.Create(CultureInfo.InvariantCulture,
                    $"Threat intelligence: about {knownBadCoverage:P0} of the attacker-only ranges (bulletproof hosting, Tor exits)."),
                world.Bulletproof.Concat(world.TorExits).Where((b, i) => IsKnown(i, knownBadCoverage))),
            WriteList(directory, "corporate_egress.txt", "Office NAT egress and corporate VPN concentrators: many users share these.",
                world.OfficeEgress.Concat(world.VpnHubs)),
        };
        return files;
    }

    private static bool IsKnown(int index, double coverage) =>
        SimRandom.Hash(0xBAD0_0000UL + (ulong)index) % 10_000 < (ulong)(coverage * 10_000);

    private static string WriteList(string directory, string name, string description, IEnumerable<IpBlock> blocks)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(name).Append(" - Vigil lab simulator (synthetic address space)\n");
        text.Append("# ").Append(description).Append('\n');
        foreach (var block in blocks)
        {
            // The comment sits on its own line so loaders that only strip whole-line comments work too.
            text.Append("# AS").Append(block.Owner.Number.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(block.Owner.Name).Append(", ").Append(block.City.Name).Append(' ').Append(block.City.CountryIso).Append('\n');
            text.Append(block.Cidr).Append('\n');
        }

        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }
}
