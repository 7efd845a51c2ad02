using System.Diagnostics;
using Vigil.Lab.Simulation;
using Xunit.Abstractions;

namespace Vigil.Lab.Tests.Simulation;

public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_ThousandIdentitiesForAWeek_CompletesAndReportsEventsPerSecond()
    {
        var options = new SimulationOptions { Humans = 900, Workloads = 70, Agents = 30, Days = 7 };
        var stopwatch = Stopwatch.StartNew();

        var summary = new TelemetrySimulator(options).Run(Stream.Null, null, CancellationToken.None);

        stopwatch.Stop();
        output.WriteLine($"{summary.Events:N0} events ({summary.AttackEvents:N0} attack) in {stopwatch.Elapsed.TotalSeconds:F2} s: " +
                         $"{summary.Events / stopwatch.Elapsed.TotalSeconds:N0} events/s (Debug build, output discarded)");
        Assert.Equal(1_000, summary.Humans + summary.Workloads + summary.Agents);
        Assert.True(summary.Events > 100_000, $"{summary.Events} events");
        Assert.All(summary.Campaigns, c => Assert.True(c.Events > 0, $"{c.AttackId} {c.Type} wrote nothing"));
    }
}
