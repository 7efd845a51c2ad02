using System.Text;
using System.Text.Json;
using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Simulation;

/// <summary>Runs small simulations in memory and parses their output.</summary>
internal static class SimulationHarness
{
    public static SimulationOptions Small(int seed = 7) => new()
    {
        Seed = seed,
        Humans = 60,
        Workloads = 5,
        Agents = 3,
        Days = 7,
    };

    public static (byte[] Bytes, SimulationSummary Summary) Run(SimulationOptions options)
    {
        using var stream = new MemoryStream();
        var summary = new TelemetrySimulator(options).Run(stream, null, CancellationToken.None);
        return (stream.ToArray(), summary);
    }

    public static IEnumerable<string> Lines(byte[] bytes)
    {
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    public static List<JsonElement> Parse(byte[] bytes) =>
        Lines(bytes).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public static string? Str(this JsonElement e, params string[] path)
    {
        var current = e;
        foreach (var p in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(p, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : current.GetRawText();
    }
}
