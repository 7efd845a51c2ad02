using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Engine;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;
using Vigil.Language;

namespace Vigil.Benchmarks.Language;

/// <summary>
/// The language family's cost on the hot path (issue 19): the engine benchmark's month of 2,000 identities with every
/// access carrying its route in words (method and path, as <c>url.path</c>), <c>Observe</c> and <c>Assess</c> with the
/// family on (the real MiniLM encoder, its cache warm: every route was seen in the first month) against the same
/// engine without it, in one run so the ratio holds on a shared machine. A string new to the cache costs one model
/// call (milliseconds): measured separately by <see cref="Encode_NewString"/> and in docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
public class LanguageBenchmarks
{
    private const int Batch = 10_000;
    private readonly VigilEngine[] _engines = new VigilEngine[2];
    private readonly int[] _cursor = new int[2];
    private List<TelemetryEvent> _stream = null!;
    private TelemetryEvent _request;
    private MiniLmTextEmbedder _embedder = null!;
    private int _fresh;

    [GlobalSetup]
    public void Setup()
    {
        _embedder = new MiniLmTextEmbedder();
        var history = SyntheticActivity.Generate(2_000, 60).Select(WithRoute).ToList();
        int split = history.Count / 2;
        var families = new[] { DetectorFamilies.All & ~DetectorFamilies.Language, DetectorFamilies.All };
        for (int m = 0; m < 2; m++)
        {
            _engines[m] = new VigilEngine(new VigilEngineOptions { Detectors = families[m], TextEmbedder = _embedder });
            for (int i = 0; i < split; i++)
            {
                _engines[m].Observe(history[i]);
            }
        }

        _stream = history.GetRange(split, history.Count - split);
        _request = history.Take(split).Last(e => e.UrlPath is not null);
    }

    [GlobalCleanup]
    public void Cleanup() => _embedder.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int Observe_LanguageOff() => Observe(0);

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Observe_LanguageOn() => Observe(1);

    [Benchmark]
    public int Assess_LanguageOff() => _engines[0].Assess(_request).Score;

    [Benchmark]
    public int Assess_LanguageOn() => _engines[1].Assess(_request).Score;

    /// <summary>A string the cache has never seen: one model call (the cost the first event with a new route pays).</summary>
    [Benchmark]
    public int Encode_NewString() => _embedder.Embed("GET /api/v2/reports/" + (_fresh++).ToString(System.Globalization.CultureInfo.InvariantCulture) + "/summary").Length;

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

    private static TelemetryEvent WithRoute(TelemetryEvent e) =>
        e.Kind is EventKind.ResourceAccess or EventKind.ApiCall && e.ResourceId is { } resource
            ? e with { UrlPath = "/" + resource.Replace('-', '/'), ResourceAction = e.ResourceAction ?? "GET" }
            : e;
}
