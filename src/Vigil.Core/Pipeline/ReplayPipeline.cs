using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Core.Pipeline;

/// <summary>
/// Streams recorded telemetry through the <see cref="DecisionPipeline"/> exactly as live traffic goes: read, put in
/// time order, then enrich, score before learning and decide. Used by <c>vigil score</c>, what-if (command line and
/// console), <c>policy tune</c>, model training and the evaluation lab, so all of them see the same engine behaviour.
/// With a <see cref="TimestampWindow"/>, events outside it are bad lines (before ordering, so an outlier cannot hold
/// the reorder buffer open either).
/// </summary>
public sealed class ReplayPipeline(DecisionPipeline pipeline, long reorderWindowMs = 60_000, TimestampWindow? timestampWindow = null)
{
    /// <summary>The default reorder window: events up to a minute out of order are put back in order.</summary>
    public const long DefaultReorderWindowMs = 60_000;

    /// <summary>A replay with a fresh engine's pipeline: enrich with <paramref name="enricher"/>, decide with <paramref name="policy"/>.</summary>
    public ReplayPipeline(VigilEngine engine, IDecisionPolicy? policy, IEventEnricher? enricher = null, long reorderWindowMs = DefaultReorderWindowMs, TimestampWindow? timestampWindow = null)
        : this(new DecisionPipeline(engine, enricher, policy), reorderWindowMs, timestampWindow)
    {
    }

    /// <summary>The per-event path every line goes through.</summary>
    public DecisionPipeline Pipeline => pipeline;

    /// <summary>Runs the whole input. Bad lines go to <paramref name="onError"/> with their line number; the rest goes on.</summary>
    public ReplaySummary Run(Stream input, ScoredEventHandler onScored, Action<long, string> onError, CancellationToken cancellationToken = default)
    {
        using var reader = new NdjsonEventReader(input);
        return Run(reader.ReadAll(), () => reader.LinesRead, onScored, onError, cancellationToken);
    }

    /// <summary>Runs an input in <paramref name="format"/> (docs/connectors.md): named, or detected per line.</summary>
    public ReplaySummary Run(Stream input, LogFormat format, ScoredEventHandler onScored, Action<long, string> onError, CancellationToken cancellationToken = default)
    {
        if (format == LogFormat.Ecs)
        {
            return Run(input, onScored, onError, cancellationToken);
        }

        using var reader = new NdjsonFormatReader(input, format);
        return Run(reader.ReadAll(), () => reader.LinesRead, onScored, onError, cancellationToken);
    }

    /// <summary>Runs lines already read (another format's reader, the lab's adapters, tests).</summary>
    public ReplaySummary Run(IEnumerable<EcsLine> lines, Func<long> linesRead, ScoredEventHandler onScored, Action<long, string> onError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(linesRead);
        var ordered = new TimeOrderedReader(reorderWindowMs);
        long events = 0, errors = 0;
        foreach (var line in ordered.Order(InWindow(lines, timestampWindow)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!line.IsEvent)
            {
                errors++;
                onError(line.LineNumber, line.Error!);
                continue;
            }

            var scored = pipeline.Observe(line.LineNumber, line.Event);
            onScored(in scored);
            events++;
        }

        return new ReplaySummary { Lines = linesRead(), Events = events, Errors = errors, LateEvents = ordered.LateEvents };
    }

    private static IEnumerable<EcsLine> InWindow(IEnumerable<EcsLine> lines, TimestampWindow? window)
    {
        foreach (var line in lines)
        {
            yield return line.IsEvent && window is not null && !window.TryAccept(line.Event.TimestampMs, out string? error)
                ? new EcsLine(line.LineNumber, default, error)
                : line;
        }
    }
}
