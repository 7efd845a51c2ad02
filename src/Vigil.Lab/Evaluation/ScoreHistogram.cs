namespace Vigil.Lab.Evaluation;

/// <summary>
/// Streaming ROC and precision-recall over a score in [0, 1], with bounded memory: scores are counted in fine bins
/// (bin 0 holds exactly 0, the rest are 1e-4 wide), separately for positives and negatives, so ten million events cost
/// the same as a thousand. Ties within a bin are treated as ties (trapezoidal AUC), as a ranking metric should.
/// </summary>
public sealed class ScoreHistogram
{
    /// <summary>Number of bins: one for exactly zero and 10,000 for (0, 1].</summary>
    public const int Bins = 10_001;

    private readonly long[] _positives = new long[Bins];
    private readonly long[] _negatives = new long[Bins];

    /// <summary>Positives counted.</summary>
    public long Positives { get; private set; }

    /// <summary>Negatives counted.</summary>
    public long Negatives { get; private set; }

    /// <summary>The bin of a score.</summary>
    public static int BinOf(double score) =>
        score <= 0 || double.IsNaN(score) ? 0 : Math.Min(Bins - 1, 1 + (int)(Math.Min(score, 1) * (Bins - 1) * 0.99999999));

    /// <summary>The lowest score of a bin (its threshold).</summary>
    public static double ThresholdOf(int bin) => bin == 0 ? 0 : (bin - 1) / (double)(Bins - 1);

    /// <summary>Counts one scored event.</summary>
    public void Add(double score, bool positive)
    {
        if (positive)
        {
            _positives[BinOf(score)]++;
            Positives++;
        }
        else
        {
            _negatives[BinOf(score)]++;
            Negatives++;
        }
    }

    /// <summary>Area under the ROC curve (0.5 = chance, 1 = perfect); NaN without both classes.</summary>
    public double RocAuc(ScoreHistogram? negativesFrom = null)
    {
        var neg = (negativesFrom ?? this)._negatives;
        long negatives = (negativesFrom ?? this).Negatives;
        if (Positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Walk thresholds from high to low: each bin adds a trapezoid of width FPR step and mean TPR height.
        double area = 0, tp = 0, fp = 0;
        for (int i = Bins - 1; i >= 0; i--)
        {
            double dtp = _positives[i], dfp = neg[i];
            area += dfp * (tp + (dtp / 2));
            tp += dtp;
            fp += dfp;
        }

        return area / ((double)Positives * negatives);
    }

    /// <summary>Average precision (area under the precision-recall step curve); NaN without positives.</summary>
    public double AveragePrecision(ScoreHistogram? negativesFrom = null)
    {
        var neg = (negativesFrom ?? this)._negatives;
        if (Positives == 0)
        {
            return double.NaN;
        }

        double ap = 0, tp = 0, fp = 0;
        for (int i = Bins - 1; i >= 0; i--)
        {
            if (_positives[i] == 0 && neg[i] == 0)
            {
                continue;
            }

            tp += _positives[i];
            fp += neg[i];
            ap += _positives[i] / (double)Positives * (tp / (tp + fp));
        }

        return ap;
    }

    /// <summary>
    /// Detection rate (true positive rate) at the lowest threshold whose false-positive rate is at most
    /// <paramref name="maxFalsePositiveRate"/>, and that threshold.
    /// </summary>
    public (double DetectionRate, double Threshold, double FalsePositiveRate) DetectionAt(double maxFalsePositiveRate, ScoreHistogram? negativesFrom = null)
    {
        var negHistogram = negativesFrom ?? this;
        long negatives = negHistogram.Negatives;
        if (Positives == 0 || negatives == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double tp = 0, fp = 0, bestTpr = 0, bestThreshold = 1, bestFpr = 0;
        for (int i = Bins - 1; i >= 1; i--)
        {
            tp += _positives[i];
            fp += negHistogram._negatives[i];
            double fpr = fp / negatives;
            if (fpr > maxFalsePositiveRate)
            {
                break;
            }

            bestTpr = tp / Positives;
            bestThreshold = ThresholdOf(i);
            bestFpr = fpr;
        }

        return (bestTpr, bestThreshold, bestFpr);
    }

    /// <summary>
    /// The false-positive rate paid to reach <paramref name="detectionRate"/> (e.g. 0.99): the comparison Wiefling et al.
    /// make for risk-based authentication (share of legitimate logins re-authenticated at a 99% true positive rate).
    /// </summary>
    public double FalsePositiveRateAt(double detectionRate, ScoreHistogram? negativesFrom = null)
    {
        var negHistogram = negativesFrom ?? this;
        if (Positives == 0 || negHistogram.Negatives == 0)
        {
            return double.NaN;
        }

        double tp = 0, fp = 0;
        for (int i = Bins - 1; i >= 0; i--)
        {
            tp += _positives[i];
            fp += negHistogram._negatives[i];
            if (tp / Positives >= detectionRate)
            {
                return fp / negHistogram.Negatives;
            }
        }

        return 1.0;
    }

    /// <summary>ROC curve points (FPR, TPR), thinned to at most <paramref name="maxPoints"/>, from (0,0) to (1,1).</summary>
    public IReadOnlyList<(double Fpr, double Tpr)> RocCurve(int maxPoints = 200, ScoreHistogram? negativesFrom = null)
    {
        var negHistogram = negativesFrom ?? this;
        var points = new List<(double, double)> { (0, 0) };
        if (Positives == 0 || negHistogram.Negatives == 0)
        {
            return points;
        }

        double tp = 0, fp = 0;
        for (int i = Bins - 1; i >= 0; i--)
        {
            tp += _positives[i];
            fp += negHistogram._negatives[i];
            if (_positives[i] != 0 || negHistogram._negatives[i] != 0)
            {
                points.Add((fp / negHistogram.Negatives, tp / Positives));
            }
        }

        return Thin(points, maxPoints);
    }

    /// <summary>Precision-recall points (recall, precision), thinned.</summary>
    public IReadOnlyList<(double Recall, double Precision)> PrCurve(int maxPoints = 200, ScoreHistogram? negativesFrom = null)
    {
        var negHistogram = negativesFrom ?? this;
        var points = new List<(double, double)>();
        double tp = 0, fp = 0;
        for (int i = Bins - 1; i >= 0 && Positives > 0; i--)
        {
            tp += _positives[i];
            fp += negHistogram._negatives[i];
            if (_positives[i] != 0 || negHistogram._negatives[i] != 0)
            {
                points.Add((tp / Positives, tp / Math.Max(1, tp + fp)));
            }
        }

        return Thin(points, maxPoints);
    }

    /// <summary>Share of positives and of negatives in each of <paramref name="buckets"/> equal score ranges.</summary>
    public (double[] Positives, double[] Negatives) Distribution(int buckets = 20)
    {
        var p = new double[buckets];
        var n = new double[buckets];
        for (int i = 0; i < Bins; i++)
        {
            int b = Math.Min(buckets - 1, (int)(ThresholdOf(i) * buckets));
            p[b] += _positives[i];
            n[b] += _negatives[i];
        }

        for (int b = 0; b < buckets; b++)
        {
            p[b] /= Math.Max(1, Positives);
            n[b] /= Math.Max(1, Negatives);
        }

        return (p, n);
    }

    private static List<(double, double)> Thin(List<(double, double)> points, int maxPoints)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var thinned = new List<(double, double)>(maxPoints);
        double step = (points.Count - 1) / (double)(maxPoints - 1);
        for (int i = 0; i < maxPoints; i++)
        {
            thinned.Add(points[(int)Math.Round(i * step)]);
        }

        return thinned;
    }
}
