namespace Vigil.Lab.Evaluation;

/// <summary>What <see cref="FeedbackReplay"/> measured.</summary>
public sealed class FeedbackReplayResult
{
    internal FeedbackReplayResult(IReadOnlyList<FeedbackArm> arms, int budget, int alertLevel)
    {
        Arms = arms;
        Budget = budget;
        AlertLevel = alertLevel;
    }

    /// <summary>The false-challenge rate of the no-feedback engine that fixes the detection every arm is compared at: 1%.</summary>
    public const double ReferenceFalseChallengeRate = 0.01;

    /// <summary>No feedback, feedback, dismiss only, and no feedback with probation off, in that order.</summary>
    public IReadOnlyList<FeedbackArm> Arms { get; }

    /// <summary>Alerts a day the analyst takes.</summary>
    public int Budget { get; }

    /// <summary>The alert level (score).</summary>
    public int AlertLevel { get; }

    /// <summary>The stream's first UTC day.</summary>
    public DateOnly FirstDay { get; internal set; }

    /// <summary>Events replayed.</summary>
    public long Events { get; internal set; }

    /// <summary>Lines rejected.</summary>
    public long Rejected { get; internal set; }

    /// <summary>Days of the stream.</summary>
    public int DayCount => Arms.Max(a => a.Days.Count);

    /// <summary>The first day (index) of the last third: the last ceil(days / 3) days.</summary>
    public int LastThirdStart => DayCount - ((DayCount + 2) / 3);

    /// <summary>
    /// Each arm over the last third at equal detection: the no-feedback engine's detection at
    /// <see cref="ReferenceFalseChallengeRate"/> false challenges fixes the detection; every arm's threshold is the
    /// highest at which it detects at least as many of the last third's attack events, and its false challenges are
    /// the benign events at or above it.
    /// </summary>
    public IReadOnlyList<FeedbackArmSummary> Summarise()
    {
        int from = LastThirdStart;
        var reference = Arms[0];
        var referenceBenign = reference.BenignAtOrAbove(from);
        int referenceBin = ScoreHistogram.Bins - 1;
        for (int b = ScoreHistogram.Bins - 1; b >= 0 && referenceBenign[b] <= referenceBenign[0] * ReferenceFalseChallengeRate; b--)
        {
            referenceBin = b;
        }

        double target = DetectionAt(reference, from, referenceBin);
        var summaries = new List<FeedbackArmSummary>(Arms.Count);
        foreach (var arm in Arms)
        {
            var detectedAtOrAbove = new int[ScoreHistogram.Bins + 1];
            int events = 0;
            foreach (var a in arm.Attacks.Where(a => a.Day >= from))
            {
                detectedAtOrAbove[ScoreHistogram.BinOf(a.Probability)]++;
                events++;
            }

            for (int b = ScoreHistogram.Bins - 1; b >= 0; b--)
            {
                detectedAtOrAbove[b] += detectedAtOrAbove[b + 1];
            }

            int bin = 0;
            for (int b = ScoreHistogram.Bins - 1; b >= 0; b--)
            {
                if (events > 0 && detectedAtOrAbove[b] / (double)events >= target - 1e-12)
                {
                    bin = b;
                    break;
                }
            }

            var armBenign = arm.BenignAtOrAbove(from);

            var last = arm.Attacks.Where(a => a.Day >= from).ToList();
            var byType = last.GroupBy(a => a.AttackType, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (g.Count(), g.Count(a => ScoreHistogram.BinOf(a.Probability) >= bin), g.Count(a => a.Challenged)), StringComparer.Ordinal);
            long policyFalse = arm.Days.Skip(from).Sum(d => d.Legitimate.Challenged);
            double policyDetection = last.Count == 0 ? double.NaN : last.Count(a => a.Challenged) / (double)last.Count;
            summaries.Add(new FeedbackArmSummary(arm, ScoreHistogram.ThresholdOf(bin), DetectionAt(arm, from, bin), armBenign[bin], arm.BenignAtOrAbove(from, underCompromiseOnly: true)[bin], armBenign[0],
                policyFalse, policyDetection, byType));
        }

        return summaries;
    }

    private static double DetectionAt(FeedbackArm arm, int from, int bin)
    {
        int events = 0, detected = 0;
        foreach (var a in arm.Attacks)
        {
            if (a.Day >= from)
            {
                events++;
                detected += ScoreHistogram.BinOf(a.Probability) >= bin ? 1 : 0;
            }
        }

        return events == 0 ? double.NaN : detected / (double)events;
    }
}
