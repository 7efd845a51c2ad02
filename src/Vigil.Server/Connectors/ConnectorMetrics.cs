using System.Diagnostics.Metrics;
using Vigil.Server.Operations;

namespace Vigil.Server.Connectors;

/// <summary>The connectors' instruments in the service's meter ("Vigil.Server"), one series per connector name.</summary>
internal static class ConnectorMetrics
{
    public static void Observe(IMeterFactory factory, IReadOnlyList<ConnectorHealth> connectors, TimeProvider time)
    {
        var meter = factory.Create(VigilMetrics.MeterName);
        meter.CreateObservableCounter("vigil.connector.events", () => Each(connectors, time, s => s.EventsRead), "{event}", "Records read by each pull connector.");
        meter.CreateObservableCounter("vigil.connector.failures", () => Each(connectors, time, s => s.Failures), "{request}", "Failed requests of each pull connector (rate limits included).");
        meter.CreateObservableGauge("vigil.connector.lag", () => Each(connectors, time, s => s.LagSeconds ?? 0), "s", "Time since the newest event each pull connector read was published.");
    }

    private static IEnumerable<Measurement<T>> Each<T>(IReadOnlyList<ConnectorHealth> connectors, TimeProvider time, Func<ConnectorHealth.Snapshot, T> value)
        where T : struct
    {
        var now = time.GetUtcNow();
        foreach (var connector in connectors)
        {
            var snapshot = connector.Read(now);
            yield return new Measurement<T>(value(snapshot), new KeyValuePair<string, object?>("connector", snapshot.Name));
        }
    }
}
