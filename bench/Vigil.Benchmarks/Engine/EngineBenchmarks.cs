using BenchmarkDotNet.Attributes;
using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Benchmarks.Engine;

/// <summary>
/// The engine's hot paths on a tenant of 2,000 identities with a month of history: <c>Assess</c> with every detector
/// (familiar request, and an attack that trips several detectors), and <c>Observe</c> in steady state.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int ObserveBatch = 10_000;
    private VigilEngine _engine = null!;
    private TelemetryEvent _familiar;
    private TelemetryEvent _attack;
    private List<TelemetryEvent> _stream = null!;
    private int _cursor;

    [GlobalSetup]
    public void Setup()
    {
        var history = SyntheticActivity.Generate(2_000, 60);
        int split = history.Count / 2;
        _engine = new VigilEngine();
        for (int i = 0; i < split; i++)
        {
            _engine.Observe(history[i]);
        }

        // The second month is the stream Observe keeps consuming (state stays realistic, time moves forward).
        _stream = history.GetRange(split, history.Count - split);
        var last = history[split - 1];
        _familiar = history.Take(split).Last(e => e.Kind == EventKind.SignIn && e.Outcome == EventOutcome.Success);
        _attack = _familiar with
        {
            TimestampMs = _familiar.TimestampMs + 1_800_000,
            SourceIp = System.Net.IPAddress.Parse("102.89.4.7"),
            AsNumber = 29465,
            Country = "NG",
            Location = new GeoPoint(6.45, 3.39),
            Browser = "Firefox",
            DeviceId = "unknown-device",
            IsScriptedClient = true,
        };
        _ = last;
    }

    [Benchmark(Baseline = true)]
    public int Assess_FamiliarSignIn() => _engine.Assess(_familiar).Score;

    [Benchmark]
    public int Assess_AttackSignIn() => _engine.Assess(_attack).Score;

    [Benchmark(OperationsPerInvoke = ObserveBatch)]
    public int Observe_SteadyState()
    {
        int sum = 0;
        for (int i = 0; i < ObserveBatch; i++)
        {
            if (_cursor == _stream.Count)
            {
                _cursor = 0; // wraps: old timestamps then count as late but the work per event is the same
            }

            sum += _engine.Observe(_stream[_cursor++]).Score;
        }

        return sum;
    }

    /// <summary>Guard: the attack request must really trip detectors, or the benchmark measures nothing.</summary>
    [GlobalCleanup]
    public void Check()
    {
        var a = _engine.Assess(_attack);
        if (!a.Has(ReasonCode.UnfamiliarSignInProperties))
        {
            throw new InvalidOperationException("attack request no longer flagged");
        }
    }
}
