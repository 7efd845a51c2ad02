using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Replay;
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
        var perType = new Dictionary<string, int>(StringComparer.Ordinal);
        var x = new float[VigilEngine.SupervisedFeatureCount];
        long legitimate = 0;
        foreach (var line in new TimeOrderedReader(60_000).Order(lines))
        {
            if (!line.IsEvent)
            {
                continue;
            }

            var e = enricher is null ? line.Event : enricher.Enrich(line.Event);
            set.Events++;
            engine.Observe(e, x);
            if (!(e.IsAccessAttempt || e.Kind == EventKind.Mfa))
            {
                continue;
            }

            if (e.AttackType is { } type)
            {
                if (options.ExcludedAttackTypes.Contains(type))
                {
                    continue;
                }

                int seen = perType.GetValueOrDefault(type);
                if (options.MaxLabelsPerType.TryGetValue(type, out int cap) && seen >= cap)
                {
                    continue;
                }

                perType[type] = seen + 1;
                set.Examples.Add(new TrainingExample { Features = [.. x], Label = true, AttackType = type, TimestampMs = e.TimestampMs });
            }
            else if (legitimate++ % options.LegitimateSampling == 0)
            {
                set.Examples.Add(new TrainingExample { Features = [.. x], Label = false, Weight = options.LegitimateSampling, TimestampMs = e.TimestampMs });
            }
        }

        return set;
    }
}
