using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Vigil.Benchmarks.Engine;
using Vigil.Core.Engine;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Supervised;

/// <summary>
/// The supervised family's cost: the starter model's tree walk alone (the 2 us target, against lleaves 9.6 us and ONNX
/// Runtime 11 us per row), with its explanation, and the engine's <c>Observe</c> and <c>Assess</c> with the family on
/// against off in the same run (ratio per category).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SupervisedBenchmarks
{
    private const int ObserveBatch = 10_000;
    private VigilEngine _off = null!;
    private VigilEngine _on = null!;
    private List<TelemetryEvent> _stream = null!;
    private TelemetryEvent _attack;
    private float[] _vector = null!;
    private SupervisedStage _stage = null!;
    private int _cursorOff;
    private int _cursorOn;

    [GlobalSetup]
    public void Setup()
    {
        var history = SyntheticActivity.Generate(2_000, 60);
        int split = history.Count / 2;
        _off = new VigilEngine();
        _on = new VigilEngine(new VigilEngineOptions { SupervisedModel = SupervisedModel.Starter });
        for (int i = 0; i < split; i++)
        {
            _off.Observe(history[i]);
            _on.Observe(history[i]);
        }

        _stream = history.GetRange(split, history.Count - split);
        var familiar = history.Take(split).Last(e => e.Kind == EventKind.SignIn && e.Outcome == EventOutcome.Success);
        _attack = familiar with
        {
            TimestampMs = familiar.TimestampMs + 1_800_000,
            SourceIp = System.Net.IPAddress.Parse("102.89.4.7"),
            AsNumber = 29465,
            Country = "NG",
            Location = new GeoPoint(6.45, 3.39),
            SourceCategories = Vigil.Enrichment.Ip.IpCategory.Hosting,
        };
        _vector = new float[VigilEngine.SupervisedFeatureCount];
        new VigilEngine().Observe(_attack, _vector);
        _on.Observe(_attack, _vector);
        _stage = new SupervisedStage(SupervisedModel.Starter, new VigilEngineOptions());
    }

    [Benchmark(Baseline = true), BenchmarkCategory("model")]
    public double Model_Probability() => SupervisedModel.Starter.Probability(_vector);

    [Benchmark, BenchmarkCategory("model")]
    public int Model_Explain() => _stage.Explain(_vector).A;

    [Benchmark(Baseline = true), BenchmarkCategory("assess")]
    public int Assess_Attack_FamilyOff() => _off.Assess(_attack).Score;

    [Benchmark, BenchmarkCategory("assess")]
    public int Assess_Attack_FamilyOn() => _on.Assess(_attack).Score;

    [Benchmark(Baseline = true, OperationsPerInvoke = ObserveBatch), BenchmarkCategory("observe")]
    public int Observe_FamilyOff() => Observe(_off, ref _cursorOff);

    [Benchmark(OperationsPerInvoke = ObserveBatch), BenchmarkCategory("observe")]
    public int Observe_FamilyOn() => Observe(_on, ref _cursorOn);

    private int Observe(VigilEngine engine, ref int cursor)
    {
        int sum = 0;
        for (int i = 0; i < ObserveBatch; i++)
        {
            if (cursor == _stream.Count)
            {
                cursor = 0;
            }

            sum += engine.Observe(_stream[cursor++]).Score;
        }

        return sum;
    }
}
