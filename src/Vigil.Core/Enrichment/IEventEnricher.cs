using Vigil.Core.Telemetry;

namespace Vigil.Core.Enrichment;

/// <summary>Fills in what an event lacks (geo and ASN, IP reputation, parsed user agent) before it is scored.</summary>
public interface IEventEnricher
{
    /// <summary>The event with missing facts added; facts the event already carries are kept.</summary>
    TelemetryEvent Enrich(in TelemetryEvent telemetryEvent);
}
