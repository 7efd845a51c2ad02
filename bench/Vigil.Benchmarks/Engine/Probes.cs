using System.Diagnostics;
using System.Globalization;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Engine;

/// <summary>
/// Measurements BenchmarkDotNet does not give directly: latency percentiles of <c>Assess</c> (p50, p99 over a
/// million calls), single-core <c>Observe</c> throughput, and managed memory per identity after a month of activity.
/// Run with <c>dotnet run -c Release --project bench/Vigil.Benchmarks -- probes</c>.
/// </summary>
internal static class Probes
{
    public static void Run(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var history = SyntheticActivity.Generate(2_000, 30);
        VigilEngine? engine = new VigilEngine();
        var clock = Stopwatch.StartNew();
        foreach (var e in history)
        {
            engine.Observe(e);
        }

        clock.Stop();
        output.WriteLine(string.Create(c, $"observe: {history.Count:N0} events in {clock.Elapsed.TotalSeconds:0.00} s = {history.Count / clock.Elapsed.TotalSeconds:N0} events/s (one thread, cold engine)"));

        // Steady state: observe the same month again shifted by 30 days.
        long shift = 30L * 86_400_000;
        clock.Restart();
        foreach (var e in history)
        {
            engine.Observe(e with { TimestampMs = e.TimestampMs + shift });
        }

        clock.Stop();
        output.WriteLine(string.Create(c, $"observe: {history.Count / clock.Elapsed.TotalSeconds:N0} events/s (one thread, warm engine)"));

        var requests = history.Where(e => e.Kind == EventKind.SignIn).Take(10_000)
            .Select((e, i) => i % 4 == 0 ? e with { TimestampMs = e.TimestampMs + (2 * shift), Country = "NG", AsNumber = 29465, Location = new GeoPoint(6.45, 3.39), SourceIp = System.Net.IPAddress.Parse("102.89.4.7") }
                                         : e with { TimestampMs = e.TimestampMs + (2 * shift) }).ToArray();
        for (int i = 0; i < 100_000; i++)
        {
            engine.Assess(requests[i % requests.Length]);
        }

        const int Calls = 1_000_000;
        var ticks = new long[Calls];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            engine.Assess(requests[i % requests.Length]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(ticks);
        double us(long t) => t * 1e6 / Stopwatch.Frequency;
        output.WriteLine(string.Create(c, $"assess: p50 {us(ticks[Calls / 2]):0.00} us, p90 {us(ticks[Calls * 9 / 10]):0.00} us, p99 {us(ticks[Calls * 99 / 100]):0.00} us, p99.9 {us(ticks[Calls * 999 / 1000]):0.00} us, {allocated / (double)Calls:0.##} bytes/call (1M calls, 25% attacks)"));

        // Memory per identity: a fresh engine with a month of activity for 20,000 identities, measured after full GC.
        var month = SyntheticActivity.Generate(20_000, 30, seed: 11);
        engine = null;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var fresh = new VigilEngine();
        foreach (var e in month)
        {
            fresh.Observe(e);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine(string.Create(c, $"memory: {(after - before) / 20_000.0:N0} bytes per identity (20,000 identities, 30 days, {fresh.IdentityCount:N0} held; includes tenant and peer baselines)"));
        GC.KeepAlive(fresh);
        GC.KeepAlive(month);
    }
}
