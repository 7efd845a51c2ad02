using System.Diagnostics.Metrics;

namespace Vigil.Server.Operations;

/// <summary>The service's OpenTelemetry instruments (meter "Vigil.Server"), scraped at <c>/metrics</c>.</summary>
internal sealed class VigilMetrics : IDisposable
{
    public const string MeterName = "Vigil.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _rejected;

    public VigilMetrics(IMeterFactory factory)
    {
        _meter = factory.Create(MeterName);
        _decisions = _meter.CreateCounter<long>("vigil.decisions", "{decision}", "Decisions made, by outcome.");
        _latency = _meter.CreateHistogram<double>("vigil.decision.duration", "s", "Time to decide one evaluation request, from parsed request to response.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5] });
        _ingested = _meter.CreateCounter<long>("vigil.events.ingested", "{event}", "Events accepted into the journal.");
        _rejected = _meter.CreateCounter<long>("vigil.events.rejected", "{event}", "Events refused (bad lines).");
    }

    public void ObserveQueueDepth(Func<long> depth) =>
        _meter.CreateObservableGauge("vigil.ingest.queue_depth", depth, "{entry}", "Journaled entries not yet applied to the engine.");

    public void Decision(string outcome) => _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Latency(double seconds) => _latency.Record(seconds);

    public void Ingested(long count) => _ingested.Add(count);

    public void Rejected(long count) => _rejected.Add(count);

    public void Dispose() => _meter.Dispose();
}
