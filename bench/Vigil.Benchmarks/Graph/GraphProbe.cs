using System.Diagnostics;
using System.Globalization;
using Vigil.Benchmarks.Engine;
using Vigil.Core.Engine;
using Vigil.Core.Graph;

namespace Vigil.Benchmarks.Graph;

/// <summary>
/// <c>graph-probe</c>: the graph family's cost timed in chunks of 10,000, the engines with and without it interleaved
/// chunk by chunk. On a shared machine the fastest chunks estimate the code's own cost; interleaving keeps the
/// on/off ratio fair when the load changes.
/// </summary>
internal static class GraphProbe
{
    private const int Chunk = 10_000;
    private const int AssessCalls = 200_000;

    public static void Run(TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        var options = new VigilEngineOptions();
        var sketch = new MidasR(options.GraphSketchRows, options.GraphSketchBuckets, options.GraphDecay, options.GraphTickSeconds * 1000L, 1);
        var random = new Random(3);
        var edges = new (ulong U, ulong V, long Ms)[2_000_000];
        long t = 1_764_000_000_000;
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = ((ulong)random.NextInt64(), (ulong)random.Next(20_000), t += random.Next(3_000));
        }

        var perEdge = new List<double>();
        double sum = 0;
        for (int start = 0; start < edges.Length; start += Chunk)
        {
            long begin = Stopwatch.GetTimestamp();
            for (int i = start; i < start + Chunk; i++)
            {
                sum += sketch.ScoreAndAdd(edges[i].U, edges[i].V, edges[i].Ms).Max;
            }

            perEdge.Add(Stopwatch.GetElapsedTime(begin).TotalNanoseconds / Chunk);
        }

        perEdge.Sort();
        o.WriteLine(string.Create(c, $"MidasR.ScoreAndAdd: ns per edge min {perEdge[0]:N1}, 10th percentile {perEdge[perEdge.Count / 10]:N1}, median {perEdge[perEdge.Count / 2]:N1} ({perEdge.Count} chunks; {sketch.ApproximateBytes:N0} bytes of sketches; sum {sum:E2})"));

        var history = SyntheticActivity.Generate(2_000, 60);
        int split = history.Count / 2;
        var engines = new[] { new VigilEngine(new VigilEngineOptions { Detectors = DetectorFamilies.All & ~DetectorFamilies.Graph }), new VigilEngine() };
        foreach (var engine in engines)
        {
            for (int i = 0; i < split; i++)
            {
                engine.Observe(history[i]);
            }
        }

        var times = new[] { new List<double>(), new List<double>() };
        var allocated = new long[2];
        long scores = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int start = split; start + Chunk <= history.Count; start += Chunk)
            {
                for (int m = 0; m < 2; m++)
                {
                    long bytes = GC.GetAllocatedBytesForCurrentThread();
                    long begin = Stopwatch.GetTimestamp();
                    for (int i = start; i < start + Chunk; i++)
                    {
                        scores += engines[m].Observe(history[i]).Score;
                    }

                    times[m].Add(Stopwatch.GetElapsedTime(begin).TotalMicroseconds / Chunk);
                    allocated[m] += GC.GetAllocatedBytesForCurrentThread() - bytes;
                }
            }
        }

        foreach (var list in times)
        {
            list.Sort();
        }

        double Median(List<double> x) => x[x.Count / 2];
        o.WriteLine(string.Create(c, $"Observe us per event, graph off: min {times[0][0]:N3}, median {Median(times[0]):N3}; graph on: min {times[1][0]:N3}, median {Median(times[1]):N3}; on/off ratio of medians {Median(times[1]) / Median(times[0]):N3}, of minima {times[1][0] / times[0][0]:N3} ({times[0].Count} chunks each; score sum {scores}); allocated per event off {(double)allocated[0] / (times[0].Count * Chunk):N0} B, on {(double)allocated[1] / (times[1].Count * Chunk):N0} B"));

        // Assess latency per call (the decision path), both engines interleaved event by event: p50 / p99 / p99.9.
        var assess = new[] { new double[AssessCalls], new double[AssessCalls] };
        int n = 0;
        for (int i = split; n < AssessCalls; i = i + 1 < history.Count ? i + 1 : split, n++)
        {
            for (int m = 0; m < 2; m++)
            {
                long begin = Stopwatch.GetTimestamp();
                scores += engines[m].Assess(history[i]).Score;
                assess[m][n] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
            }
        }

        foreach (var list in assess)
        {
            Array.Sort(list);
        }

        double At(double[] x, double q) => x[(int)(q * (x.Length - 1))];
        o.WriteLine(string.Create(c, $"Assess us per call ({AssessCalls:N0} calls each), graph off: p50 {At(assess[0], 0.5):N2}, p99 {At(assess[0], 0.99):N2}, p99.9 {At(assess[0], 0.999):N2}; graph on: p50 {At(assess[1], 0.5):N2}, p99 {At(assess[1], 0.99):N2}, p99.9 {At(assess[1], 0.999):N2} (score sum {scores})"));
    }
}
