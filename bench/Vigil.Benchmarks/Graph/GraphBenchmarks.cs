using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Engine;
using Vigil.Core.Engine;
using Vigil.Core.Graph;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Graph;

/// <summary>
/// The graph family's cost (issue 14): one MIDAS-R update per edge on the engine's default sketches, and the engine's
/// steady-state <c>Observe</c> with the graph family on against the same engine without it (the baseline), in one
/// run so the ratio holds on a shared machine.
/// </summary>
[MemoryDiagnoser]
public class GraphBenchmarks
{
    private const int Batch = 10_000;
    private readonly VigilEngine[] _engines = new VigilEngine[2];
    private List<TelemetryEvent> _stream = null!;
    private (ulong U, ulong V, long Ms)[] _edges = null!;
    private MidasR _sketch = null!;
    private readonly int[] _cursor = new int[2];
    private int _edgeCursor;

    [GlobalSetup]
    public void Setup()
    {
        var history = SyntheticActivity.Generate(2_000, 60);
        int split = history.Count / 2;
        var families = new[] { DetectorFamilies.All & ~DetectorFamilies.Graph, DetectorFamilies.All };
        for (int m = 0; m < 2; m++)
        {
            _engines[m] = new VigilEngine(new VigilEngineOptions { Detectors = families[m] });
            for (int i = 0; i < split; i++)
            {
                _engines[m].Observe(history[i]);
            }
        }

        _stream = history.GetRange(split, history.Count - split);

        // 100k identities reaching 20k resources, about 40 edges a minute: the sketch's size does not depend on it.
        var random = new Random(3);
        var options = new VigilEngineOptions();
        _sketch = new MidasR(options.GraphSketchRows, options.GraphSketchBuckets, options.GraphDecay, options.GraphTickSeconds * 1000L, 1);
        _edges = new (ulong, ulong, long)[1 << 20];
        long t = 1_764_000_000_000;
        for (int i = 0; i < _edges.Length; i++)
        {
            _edges[i] = ((ulong)random.NextInt64(), (ulong)random.Next(20_000), t += random.Next(3_000));
        }

        for (int i = 0; i < _edges.Length / 2; i++)
        {
            _sketch.Add(_edges[i].U, _edges[i].V, _edges[i].Ms);
        }

        _edgeCursor = _edges.Length / 2;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public double MidasR_ScoreAndAdd()
    {
        double sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            if (_edgeCursor == _edges.Length)
            {
                _edgeCursor = _edges.Length / 2;
            }

            var (u, v, ms) = _edges[_edgeCursor++];
            sum += _sketch.ScoreAndAdd(u, v, ms).Max;
        }

        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int Observe_GraphOff() => Observe(0);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Observe_GraphOn() => Observe(1);

    private int Observe(int m)
    {
        int sum = 0;
        for (int i = 0; i < Batch; i++)
        {
            if (_cursor[m] == _stream.Count)
            {
                _cursor[m] = 0;
            }

            sum += _engines[m].Observe(_stream[_cursor[m]++]).Score;
        }

        return sum;
    }
}
