using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Training;

/// <summary>
/// Labelled feature vectors for the supervised family: a labelled stream runs through the unsupervised engine (score
/// before learning, as in the evaluation protocol), and each access attempt or MFA event becomes a row with the vector
/// the engine computed for it. Attack events are all kept; legitimate ones are sampled one in
/// <see cref="TrainingSetOptions.LegitimateSampling"/> (deterministically, by position) with that weight.
/// </summary>
public sealed class TrainingSet
{
    /// <summary>The rows in stream order.</summary>
    public List<TrainingExample> Examples { get; } = [];

    /// <summary>Events read (including those that are not rows).</summary>
    public long Events { get; private set; }

    /// <summary>Builds the set from NDJSON ECS lines (lines that do not parse are skipped and counted as rejected).</summary>
    public static TrainingSet Build(Stream ndjson, TrainingSetOptions options, IEventEnricher? enricher = null)
    {
        using var reader = new NdjsonEventReader(ndjson);
        return Build(reader.ReadAll(), options, enricher);
    }

    /// <summary>Builds the set from parsed lines, in time order.</summary>
    public static TrainingSet Build(IEnumerable<EcsLine> lines, TrainingSetOptions options, IEventEnricher? enricher = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var set = new TrainingSet();
        var engine = new VigilEngine(new VigilEngineOptions { Seed = options.Seed, Detectors = DetectorFamilies.All & ~DetectorFamilies.Supervised });
        var pipeline = new DecisionPipeline(engine, enricher) { Features = new float[VigilEngine.SupervisedFeatureCount] };
        var x = pipeline.Features;
        var perType = new Dictionary<string, int>(StringComparer.Ordinal);
        long legitimate = 0;
        new ReplayPipeline(pipeline).Run(lines, () => set.Events, (in ScoredEvent s) =>
        {
            var e = s.Event;
            set.Events++;
            if (!(e.IsAccessAttempt || e.Kind == EventKind.Mfa))
            {
                return;
            }

            if (e.AttackType is { } type)
            {
                if (options.ExcludedAttackTypes.Contains(type))
                {
                    return;
                }

                int seen = perType.GetValueOrDefault(type);
                if (options.MaxLabelsPerType.TryGetValue(type, out int cap) && seen >= cap)
                {
                    return;
                }

                perType[type] = seen + 1;
                set.Examples.Add(new TrainingExample { Features = [.. x], Label = true, AttackType = type, TimestampMs = e.TimestampMs });
            }
            else if (legitimate++ % options.LegitimateSampling == 0)
            {
                set.Examples.Add(new TrainingExample { Features = [.. x], Label = false, Weight = options.LegitimateSampling, TimestampMs = e.TimestampMs });
            }
        }, (_, _) => { });

        return set;
    }
}
