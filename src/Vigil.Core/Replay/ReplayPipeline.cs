using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Replay;

/// <summary>
/// Streams recorded telemetry through the engine exactly as live traffic would go: read, put in time order,
/// enrich, score before learning, decide. Used by <c>vigil score</c>, what-if and the evaluation lab, so all
/// three see the same engine behaviour. With a <see cref="TimestampWindow"/>, events outside it are bad lines (before
/// ordering, so an outlier cannot hold the reorder buffer open either).
/// </summary>
public sealed class ReplayPipeline(VigilEngine engine, IDecisionPolicy policy, IEventEnricher? enricher = null, long reorderWindowMs = 60_000,
    TimestampWindow? timestampWindow = null)
{
    /// <summary>Runs the whole input. Bad lines go to <paramref name="onError"/> with their line number; the rest goes on.</summary>
    public ReplaySummary Run(Stream input, ScoredEventHandler onScored, Action<long, string> onError, CancellationToken cancellationToken = default)
    {
        using var reader = new NdjsonEventReader(input);
        var ordered = new TimeOrderedReader(reorderWindowMs);
        long events = 0, errors = 0;
        foreach (var line in ordered.Order(InWindow(reader.ReadAll(), timestampWindow)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!line.IsEvent)
            {
                errors++;
                onError(line.LineNumber, line.Error!);
                continue;
            }

            var evt = enricher is null ? line.Event : enricher.Enrich(line.Event);
            var assessment = engine.Observe(evt);
            var decision = policy.Decide(evt, assessment);
            onScored(new ScoredEvent(line.LineNumber, evt, assessment, decision));
            events++;
        }

        return new ReplaySummary { Lines = reader.LinesRead, Events = events, Errors = errors, LateEvents = ordered.LateEvents };
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
