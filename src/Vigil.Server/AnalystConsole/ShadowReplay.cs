using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Shadow metrics for the Operations page: the newest journaled events (<see cref="WhatIfReplay.RecentEvents"/>)
/// replayed through a fresh engine with the service's engine settings, so with the model in force and the shadow the
/// service runs, each scoring every access attempt and MFA event on the same features. The service does not record
/// shadow probabilities of live traffic (docs/supervised.md), so this is measured on demand. Reported: how often the
/// two agree at 0.5 and how far apart they are, and, over the events analysts judged in the alert queue (confirmed
/// compromised: an attack; confirmed safe: not), each model's ROC AUC and average precision, the measure
/// <c>vigil model promote</c> compares.
/// </summary>
internal static class ShadowReplay
{
    /// <summary>Labelled alerts read at most.</summary>
    public const int MaxLabels = 5_000;

    public sealed record Result(long Events, long Scored, double MeanInForce, double MeanShadow, double Agreement, double MeanDifference,
        long Positives, long Negatives, double? AucInForce, double? AucShadow, double? ApInForce, double? ApShadow, bool CutShort);

    /// <summary>Analysts' verdicts by event id: true for confirmed compromised, false for confirmed safe (dismissed is a benign true positive, so neither).</summary>
    public static Dictionary<string, bool> Labels(VigilStore store)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var alert in store.ReadAlerts(new AlertFilter { Statuses = ["confirmed_compromised", "confirmed_safe"], Limit = MaxLabels }))
        {
            if (alert.EventId is { Length: > 0 } id)
            {
                labels[id] = alert.Status == "confirmed_compromised";
            }
        }

        return labels;
    }

    public static Result Run(VigilStore store, VigilEngineOptions engineOptions, IEventEnricher enricher, IDecisionPolicy policy, IReadOnlyDictionary<string, bool> labels, CancellationToken cancellationToken)
    {
        var input = WhatIfReplay.RecentEvents(store);
        var inForce = new List<(double Score, bool Attack)>();
        var shadow = new List<(double Score, bool Attack)>();
        long events = 0, scored = 0, agree = 0;
        double sumInForce = 0, sumShadow = 0, sumDifference = 0;
        var pipeline = new ReplayPipeline(new VigilEngine(engineOptions with { }), policy, enricher);
        bool cut = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WhatIfReplay.MaxDuration);
        try
        {
            pipeline.Run(input, (in ScoredEvent s) =>
            {
                events++;
                if (!s.Event.IsAccessAttempt && s.Event.Kind != EventKind.Mfa)
                {
                    return;
                }

                double a = s.Assessment.SupervisedProbability, b = s.Assessment.ShadowProbability;
                scored++;
                sumInForce += a;
                sumShadow += b;
                sumDifference += Math.Abs(a - b);
                agree += (a >= 0.5) == (b >= 0.5) ? 1 : 0;
                if (s.Event.Id is { Length: > 0 } id && labels.TryGetValue(id, out bool attack))
                {
                    inForce.Add((a, attack));
                    shadow.Add((b, attack));
                }
            }, (_, _) => { }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            cut = true;
        }

        long positives = inForce.Count(x => x.Attack), negatives = inForce.Count - positives;
        bool both = positives > 0 && negatives > 0;
        double Mean(double sum) => scored == 0 ? 0 : sum / scored;
        return new Result(events, scored, Mean(sumInForce), Mean(sumShadow), scored == 0 ? 0 : agree / (double)scored, Mean(sumDifference), positives, negatives,
            both ? RocAuc(inForce) : null, both ? RocAuc(shadow) : null, both ? AveragePrecision(inForce) : null, both ? AveragePrecision(shadow) : null, cut);
    }

    /// <summary>The probability that a random attack scores above a random non-attack (ties count half): the Mann-Whitney statistic.</summary>
    internal static double RocAuc(IReadOnlyList<(double Score, bool Attack)> items)
    {
        var sorted = items.OrderBy(x => x.Score).ToList();
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j < sorted.Count && sorted[j].Score == sorted[i].Score)
            {
                j++;
            }

            double rank = (i + 1 + j) / 2.0; // the average of ranks i+1..j
            for (int k = i; k < j; k++)
            {
                if (sorted[k].Attack)
                {
                    rankSum += rank;
                    positives++;
                }
            }

            i = j;
        }

        long negatives = sorted.Count - positives;
        return positives == 0 || negatives == 0 ? 0 : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Precision averaged over the rank of each attack, highest score first; among equal scores non-attacks come first (the pessimistic order).</summary>
    internal static double AveragePrecision(IReadOnlyList<(double Score, bool Attack)> items)
    {
        var sorted = items.OrderByDescending(x => x.Score).ThenBy(x => x.Attack).ToList();
        long hits = 0, positives = sorted.Count(x => x.Attack);
        double sum = 0;
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Attack)
            {
                hits++;
                sum += hits / (double)(i + 1);
            }
        }

        return positives == 0 ? 0 : sum / positives;
    }
}
