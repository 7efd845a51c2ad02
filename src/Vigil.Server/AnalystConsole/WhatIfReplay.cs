using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// What-if over recent traffic: the newest journaled events (at most <see cref="MaxEvents"/>) replayed through a fresh
/// engine with the service's engine settings, each decided by the draft and by the policy in force
/// (<see cref="WhatIfComparison"/>, as <c>vigil policy what-if</c> does over a file). The fresh engine learns the
/// window from its start, as the command line's replay does, so baselines are those the window itself builds.
/// </summary>
internal static class WhatIfReplay
{
    /// <summary>Most events replayed: about a second of work on one core.</summary>
    public const int MaxEvents = 20_000;

    /// <summary>How long a replay may take before it is cut short (what was replayed is reported).</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(20);

    public sealed record Result(WhatIfComparison Comparison, long Events, long Rejected, long FirstMs, long LastMs, bool CutShort)
    {
        /// <summary>Days the replayed window spans, at least one, for rates per day.</summary>
        public double Days => Math.Max(1.0, (LastMs - FirstMs) / 86_400_000.0);
    }

    public static Result Run(VigilStore store, VigilEngineOptions engineOptions, IEventEnricher enricher, IDecisionPolicy draft, IDecisionPolicy baseline, CancellationToken cancellationToken)
    {
        var input = RecentEvents(store);
        var comparison = new WhatIfComparison();
        long events = 0, rejected = 0, first = long.MaxValue, last = long.MinValue;
        var pipeline = new ReplayPipeline(new VigilEngine(engineOptions with { }), draft, enricher);
        bool cut = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MaxDuration);
        try
        {
            pipeline.Run(input, (in ScoredEvent s) =>
            {
                events++;
                first = Math.Min(first, s.Event.TimestampMs);
                last = Math.Max(last, s.Event.TimestampMs);
                comparison.Add(s, baseline.Decide(s.Event, s.Assessment));
            }, (_, _) => rejected++, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            cut = true;
        }

        return new Result(comparison, events, rejected, events == 0 ? 0 : first, events == 0 ? 0 : last, cut);
    }

    /// <summary>The newest journaled events (at most <see cref="MaxEvents"/> entries) as NDJSON, oldest first.</summary>
    public static MemoryStream RecentEvents(VigilStore store)
    {
        long head = store.JournalHead();
        var input = new MemoryStream();
        long after = Math.Max(0, head - MaxEvents);
        while (after < head)
        {
            var entries = store.ReadJournal(after, 5_000);
            if (entries.Count == 0)
            {
                break;
            }

            foreach (var entry in entries)
            {
                if (entry.Kind == JournalKind.Event)
                {
                    input.Write(entry.Payload);
                    input.WriteByte((byte)'\n');
                }
            }

            after = entries[^1].Sequence;
        }

        input.Position = 0;
        return input;
    }

    public static string OutcomeText(DecisionOutcome outcome) => Authzen.DecisionMapper.OutcomeText(outcome);

}
