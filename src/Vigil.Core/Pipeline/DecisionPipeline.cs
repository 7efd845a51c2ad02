using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Pipeline;

/// <summary>
/// The one path an event takes through Vigil, whoever sends it: <b>enrich</b> (GeoIP, ASN, IP lists), <b>score</b>
/// (<see cref="Observe"/>: scored before it is learned, then learned; or <see cref="Assess"/>: scored only) and
/// <b>decide</b> (the policy). The service's writer and request threads, <c>vigil score</c>, <c>policy what-if</c>,
/// <c>policy tune</c>, the console's what-if and the evaluation lab all go through it, so an enrichment source or a
/// detector family (which lives in the engine) is wired once. Recording the outcome (audit log, NDJSON, metrics) is
/// the caller's: that is what differs between them.
/// </summary>
public sealed class DecisionPipeline
{
    private readonly IEventEnricher? _enricher;

    /// <param name="engine">The engine that scores and learns.</param>
    /// <param name="enricher">Adds what the event does not carry itself; null when the events come enriched.</param>
    /// <param name="policy">Decides on each scored event; null where only scores are wanted (training passes).</param>
    public DecisionPipeline(VigilEngine engine, IEventEnricher? enricher = null, IDecisionPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        _enricher = enricher;
        Policy = policy;
    }

    /// <summary>The engine that scores and learns.</summary>
    public VigilEngine Engine { get; }

    /// <summary>The policy that decides, when there is one.</summary>
    public IDecisionPolicy? Policy { get; }

    /// <summary>The event with what the enrichment sources know about it.</summary>
    public TelemetryEvent Enrich(in TelemetryEvent raw) => _enricher is null ? raw : _enricher.Enrich(raw);

    /// <summary>
    /// Enriches, scores before learning, learns and decides: what happens to every recorded or ingested event.
    /// Without a policy the decision is <c>default</c>.
    /// </summary>
    public ScoredEvent Observe(long lineNumber, in TelemetryEvent raw)
    {
        var enriched = Enrich(raw);
        var assessment = Features is null ? Engine.Observe(enriched) : Engine.Observe(enriched, Features);
        return new ScoredEvent(lineNumber, enriched, assessment, Policy?.Decide(enriched, assessment) ?? default);
    }

    /// <summary>
    /// When set (<see cref="VigilEngine.SupervisedFeatureCount"/> values), <see cref="Observe"/> also writes each
    /// event's feature vector for the supervised family here: the training pass reads it as each event is scored.
    /// </summary>
    public float[]? Features { get; init; }

    /// <summary>
    /// Learns an event the service took in. <paramref name="mayCreateTenant"/> is false for events that arrived with
    /// an access question: tenants come from ingestion, never from what a request's context names.
    /// </summary>
    public RiskAssessment Learn(in TelemetryEvent raw, bool mayCreateTenant, out TelemetryEvent enriched)
    {
        enriched = Enrich(raw);
        return Engine.Observe(enriched, mayCreateTenant);
    }

    /// <summary>
    /// Enriches and scores against what the engine knows now, learning nothing: an access question. The policy must
    /// decide on <paramref name="enriched"/>, not on what the caller sent, or a condition on <c>request.country</c>
    /// would see the location only where the gateway sent one.
    /// </summary>
    public RiskAssessment Assess(in TelemetryEvent raw, out TelemetryEvent enriched)
    {
        enriched = Enrich(raw);
        return Engine.Assess(enriched);
    }
}
