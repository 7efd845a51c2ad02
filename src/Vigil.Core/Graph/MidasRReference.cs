using Vigil.Core.Baselines;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Graph;

/// <summary>
/// MIDAS-R alone (Bhatia et al., AAAI 2020) over the same edges the graph family sees (identity -> resource, per
/// tenant): the raw, unbounded score, with no gates and no other evidence. The evaluation lab runs it beside the
/// engine as a reference model, so every report compares against the published method in the same run. With a
/// positive <paramref name="filterThreshold"/> it is MIDAS-F instead (anomalous keys kept out of the totals, <see cref="MidasR.FilterThreshold"/>).
/// </summary>
public sealed class MidasRReference(VigilEngineOptions? options = null, double filterThreshold = 0)
{
    /// <summary>MIDAS-F's threshold in the authors' example (Stream-AD/MIDAS, README: <c>FilteringCore(2, 1024, 1e3f)</c>).</summary>
    public const double PaperFilterThreshold = 1e3;

    private readonly VigilEngineOptions _options = options ?? new VigilEngineOptions();
    private readonly Dictionary<string, MidasR> _tenants = new(StringComparer.Ordinal);

    /// <summary>Scores the event's edge, then counts it; 0 for an event that is not an edge (no resource, not an access).</summary>
    public double ScoreAndAdd(in TelemetryEvent e)
    {
        var features = FeatureExtractor.Extract(e);
        if (!GraphDetector.TryKeys(e, features, out ulong source, out ulong destination))
        {
            return 0;
        }

        string tenant = e.Tenant ?? _options.DefaultTenant;
        if (!_tenants.TryGetValue(tenant, out var sketch))
        {
            _tenants[tenant] = sketch = new MidasR(_options.GraphSketchRows, _options.GraphSketchBuckets, _options.GraphDecay,
                _options.GraphTickSeconds * 1000L, (ulong)(uint)TenantState.SeedFor(tenant, _options), filterThreshold: filterThreshold);
        }

        return sketch.ScoreAndAdd(source, destination, e.TimestampMs).Max;
    }

    /// <summary>A score mapped monotonically into [0, 1] for ranking metrics: a tenth of its decimal logarithm (1 at 10^10).</summary>
    public static double ToUnit(double score) => Math.Min(1.0, Math.Log10(1 + Math.Max(0, score)) / 10);
}
