using System.Text.Json;
using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Simulation;

/// <summary>One small simulation with every attack type and IP lists, shared by the tests that only read it.</summary>
public sealed class SmallRunFixture : IDisposable
{
    public SmallRunFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("vigil-sim-tests-").FullName;
        Options = SimulationHarness.Small() with { IpListDirectory = Directory };
        (Bytes, Summary) = SimulationHarness.Run(Options);
        Events = SimulationHarness.Parse(Bytes);
    }

    public string Directory { get; }

    public SimulationOptions Options { get; }

    public byte[] Bytes { get; }

    public SimulationSummary Summary { get; }

    public List<JsonElement> Events { get; }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
