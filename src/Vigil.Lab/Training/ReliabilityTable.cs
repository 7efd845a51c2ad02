using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Training;

/// <summary>
/// How well probabilities match outcomes: events binned by predicted probability, each bin's mean prediction against
/// the share of attacks in it (a reliability diagram as a table). Also collects the labelled probabilities that
/// <see cref="IsotonicCalibration.Fit"/> calibrates on.
/// </summary>
public sealed class ReliabilityTable
{
    /// <summary>Upper edges of the bins; the last bin ends at 1.</summary>
    public static IReadOnlyList<double> Edges { get; } = [0.01, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0];

    private readonly long[] _count = new long[Edges.Count];
    private readonly long[] _attacks = new long[Edges.Count];
    private readonly double[] _sum = new double[Edges.Count];

    /// <summary>Adds one event's probability and outcome.</summary>
    public void Add(double probability, bool attack)
    {
        int bin = 0;
        while (bin < Edges.Count - 1 && probability >= Edges[bin])
        {
            bin++;
        }

        _count[bin]++;
        _sum[bin] += probability;
        _attacks[bin] += attack ? 1 : 0;
    }

    /// <summary>The bins that hold events: range, events, mean predicted probability, observed attack rate.</summary>
    public IEnumerable<(double From, double To, long Events, double Predicted, double Observed)> Rows()
    {
        for (int i = 0; i < Edges.Count; i++)
        {
            if (_count[i] > 0)
            {
                yield return (i == 0 ? 0 : Edges[i - 1], Edges[i], _count[i], _sum[i] / _count[i], _attacks[i] / (double)_count[i]);
            }
        }
    }

    /// <summary>Expected calibration error: the event-weighted mean gap between predicted and observed.</summary>
    public double ExpectedCalibrationError()
    {
        long total = _count.Sum();
        return total == 0 ? double.NaN : Rows().Sum(r => r.Events * Math.Abs(r.Predicted - r.Observed)) / total;
    }

    /// <summary>
    /// Runs a labelled stream through an engine with <paramref name="model"/> and returns each access attempt's (or
    /// MFA event's) supervised probability with its label, in stream order.
    /// </summary>
    public static List<(double Probability, bool Attack)> Score(Stream ndjson, SupervisedModel model, int seed = 1, IEventEnricher? enricher = null)
    {
        var scored = new List<(double, bool)>();
        new ReplayPipeline(new VigilEngine(new VigilEngineOptions { Seed = seed, SupervisedModel = model }), policy: null, enricher).Run(ndjson, (in ScoredEvent s) =>
        {
            if (s.Event.IsAccessAttempt || s.Event.Kind == EventKind.Mfa)
            {
                scored.Add((s.Assessment.SupervisedProbability, s.Event.AttackType is not null));
            }
        }, (_, _) => { });

        return scored;
    }
}
