using System.Diagnostics;
using System.Globalization;
using Vigil.Benchmarks.Engine;
using Vigil.Core.Engine;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Supervised;

/// <summary>
/// The supervised family on against off in the same run (issue 13's targets: <c>Observe</c> at least 500k events/s and
/// <c>Assess</c> p99 at most 10 us with the family on): two engines fed the same events in alternating chunks and calls, so
/// the load of a shared machine falls on both alike. Run with <c>dotnet run -c Release --project
/// bench/Vigil.Benchmarks -- supervised-probe</c>.
/// </summary>
internal static class SupervisedProbe
{
    private const int Chunk = 10_000;

    public static void Run(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var history = SyntheticActivity.Generate(2_000, 30);
        var off = new VigilEngine();
        var on = new VigilEngine(new VigilEngineOptions { SupervisedModel = SupervisedModel.Starter });
        double offSeconds = 0, onSeconds = 0;
        var offChunks = new List<double>();
        var onChunks = new List<double>();
        for (int start = 0; start < history.Count; start += Chunk)
        {
            int end = Math.Min(history.Count, start + Chunk);
            double a = Time(off, history, start, end);
            double b = Time(on, history, start, end);
            offSeconds += a;
            onSeconds += b;
            offChunks.Add(a / (end - start));
            onChunks.Add(b / (end - start));
        }

        offChunks.Sort();
        onChunks.Sort();
        output.WriteLine(string.Create(c,
            $"observe: off {history.Count / offSeconds:N0} events/s, on {history.Count / onSeconds:N0} events/s (ratio of time on/off {onSeconds / offSeconds:0.00}); fastest 10% of chunks: off {1 / offChunks[offChunks.Count / 10]:N0}, on {1 / onChunks[onChunks.Count / 10]:N0} events/s"));

        long shift = 2L * 30 * 86_400_000;
        var requests = history.Where(e => e.Kind == EventKind.SignIn).Take(10_000)
            .Select((e, i) => i % 4 == 0
                ? e with { TimestampMs = e.TimestampMs + shift, Country = "NG", AsNumber = 29465, Location = new GeoPoint(6.45, 3.39), SourceIp = System.Net.IPAddress.Parse("102.89.4.7"), SourceCategories = Vigil.Enrichment.Ip.IpCategory.Hosting }
                : e with { TimestampMs = e.TimestampMs + shift }).ToArray();
        for (int i = 0; i < 50_000; i++)
        {
            off.Assess(requests[i % requests.Length]);
            on.Assess(requests[i % requests.Length]);
        }

        const int Calls = 500_000;
        var offTicks = new long[Calls];
        var onTicks = new long[Calls];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            var r = requests[i % requests.Length];
            long t0 = Stopwatch.GetTimestamp();
            off.Assess(r);
            long t1 = Stopwatch.GetTimestamp();
            on.Assess(r);
            long t2 = Stopwatch.GetTimestamp();
            offTicks[i] = t1 - t0;
            onTicks[i] = t2 - t1;
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(offTicks);
        Array.Sort(onTicks);
        double us(long t) => t * 1e6 / Stopwatch.Frequency;
        string Line(long[] t) => string.Create(c, $"p50 {us(t[Calls / 2]):0.00} us, p90 {us(t[Calls * 9 / 10]):0.00} us, p99 {us(t[Calls * 99 / 100]):0.00} us, p99.9 {us(t[Calls * 999 / 1000]):0.00} us");
        output.WriteLine("assess off: " + Line(offTicks));
        output.WriteLine("assess on:  " + Line(onTicks));
        output.WriteLine(string.Create(c, $"assess: {allocated / (2.0 * Calls):0.##} bytes/call ({Calls:N0} calls each, alternating, 25% attacks from a hosting network)"));
    }

    private static double Time(VigilEngine engine, List<TelemetryEvent> events, int start, int end)
    {
        long begin = Stopwatch.GetTimestamp();
        for (int i = start; i < end; i++)
        {
            engine.Observe(events[i]);
        }

        return Stopwatch.GetElapsedTime(begin).TotalSeconds;
    }
}
