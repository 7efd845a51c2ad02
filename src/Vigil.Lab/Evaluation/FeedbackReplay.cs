using Vigil.Core.Decisions;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Evaluation;

/// <summary>
/// <c>vigil evaluate --feedback-budget N</c> (docs/evaluation.md): the stream runs, in one pass and in time order,
/// through engines that differ only in what an analyst does. At the end of each UTC day the analyst takes the day's
/// alerts (events at or above the alert level, as the service makes them) per identity: the top alert of each of the N
/// identities whose top alerts score highest (<see cref="FeedbackArm.Act"/>), and acts with the stream's labels: an attack that got in is confirmed compromised (and its risk dismissed a day later, after remediation),
/// an attack that failed is left (nothing was entered), a benign alert confirmed safe (<see cref="FeedbackMode.Learn"/>) or
/// dismissed (<see cref="FeedbackMode.DismissOnly"/>, the control). Every event is scored before it is learned and
/// before any feedback on it. Two more engines without an analyst, with and without probation for new networks,
/// measure cold start and what probation costs.
/// </summary>
public sealed class FeedbackReplay(IDecisionPolicy policy, int budget, IEventEnricher? enricher = null, int seed = 1, int alertLevel = FeedbackReplay.DefaultAlertLevel)
{
    /// <summary>The service's default alert level (<c>--alert-level</c>, docs/server.md).</summary>
    public const int DefaultAlertLevel = 40;

    /// <summary>Most alerts a day the replayed analyst can take.</summary>
    public const int MaxBudget = 100_000;

    private const long DayMs = 86_400_000L;

    /// <summary>Runs the replay over events read from ECS NDJSON or an adapter.</summary>
    public FeedbackReplayResult Run(IEnumerable<EcsLine> lines, Action<long, string>? onError = null, IProgress<long>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(budget, MaxBudget);
        FeedbackArm[] arms =
        [
            new("no feedback", FeedbackMode.None, probation: true, budget, alertLevel, seed),
            new("feedback", FeedbackMode.Learn, probation: true, budget, alertLevel, seed),
            new("dismiss only", FeedbackMode.DismissOnly, probation: true, budget, alertLevel, seed),
            new("no feedback, probation off", FeedbackMode.None, probation: false, budget, alertLevel, seed),
        ];
        var result = new FeedbackReplayResult(arms, budget, alertLevel);
        var ordered = new TimeOrderedReader(60_000);
        long firstDay = long.MinValue, sequence = 0;
        int currentDay = 0;
        foreach (var line in ordered.Order(lines))
        {
            if (!line.IsEvent)
            {
                result.Rejected++;
                onError?.Invoke(line.LineNumber, line.Error!);
                continue;
            }

            var e = enricher is null ? line.Event : enricher.Enrich(line.Event);
            long utcDay = Math.DivRem(e.TimestampMs, DayMs, out long rest) - (rest < 0 ? 1 : 0);
            if (firstDay == long.MinValue)
            {
                firstDay = utcDay;
                result.FirstDay = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(utcDay * DayMs).UtcDateTime);
            }

            int day = (int)Math.Max(0, utcDay - firstDay);
            while (day > currentDay)
            {
                // The analyst's end of day comes before the next day's first event is scored.
                foreach (var arm in arms)
                {
                    arm.Act(currentDay, (firstDay + currentDay + 1) * DayMs - 1);
                }

                currentDay++;
            }

            foreach (var arm in arms)
            {
                arm.Observe(e, policy, day, sequence);
            }

            sequence++;
            if (progress is not null && (sequence & 0xFFFF) == 0)
            {
                progress.Report(sequence);
            }
        }

        foreach (var arm in arms)
        {
            arm.Act(currentDay, (firstDay + currentDay + 1) * DayMs - 1);
        }

        result.Events = sequence;
        return result;
    }
}
