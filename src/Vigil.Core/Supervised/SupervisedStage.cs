using Vigil.Core.Engine;
using Vigil.Core.Scoring;

namespace Vigil.Core.Supervised;

/// <summary>
/// The supervised family in the engine: runs after every other detector, reads their outputs and the event's features
/// (<see cref="SupervisedFeatures"/>), and adds one factor whose strength is the model's calibrated probability of
/// compromise. The factor names the features that raised the probability most, found by exact leave-one-out saliency:
/// each non-neutral feature is set back to its neutral value (0) and the trees whose path for the event consults it are
/// walked again from there; the drop in the raw score is that feature's contribution. Exact for the model (no approximation of paths, unlike Saabas
/// attribution), and paid only for events whose probability is high enough to be shown.
/// </summary>
internal sealed class SupervisedStage(SupervisedModel model, VigilEngineOptions options)
{
    /// <summary>Features named in one explanation.</summary>
    public const int MaxNamed = 3;

    private readonly float _weight = (float)options.SupervisedWeight;
    private readonly double _minimum = options.SupervisedMinimumProbability;

    public SupervisedModel Model => model;

    /// <summary>Scores <paramref name="x"/> and adds the family's factor when the probability reaches the minimum; returns the probability.</summary>
    public double Apply(Span<float> x, ref FactorList factors)
    {
        double raw = model.Raw(x);
        double p = model.ProbabilityOf(raw);
        if (p >= _minimum && _weight > 0)
        {
            factors.Add(new RiskFactor(ReasonCode.SupervisedCompromisePattern, (float)p, _weight, p, PackTop(Explain(x))));
        }

        return p;
    }

    /// <summary>The (up to <see cref="MaxNamed"/>) features that raised the raw score most, strongest first; -1 fills.</summary>
    public (int A, int B, int C) Explain(Span<float> x)
    {
        // A tree's output can change with feature j only if j is consulted on x's path through it, and only from the
        // first node that consults it: each tree is walked once, and re-walked from that node for each explainable
        // feature on the path (a path has at most a handful of them).
        int n = Math.Min(x.Length, model.FeatureCount);
        Span<double> delta = n <= 256 ? stackalloc double[n] : new double[n];
        delta.Clear();
        Span<int> pathFeature = stackalloc int[MaxPathFeatures];
        Span<float> alternative = stackalloc float[MaxPathFeatures];
        var feature = model.SplitFeatures;
        var threshold = model.Thresholds;
        var left = model.LeftChildren;
        var right = model.RightChildren;
        foreach (int root in model.Roots)
        {
            int recorded = 0;
            int node = root;
            while (node >= 0)
            {
                int f = feature[node];
                float value = x[f];
                if (recorded < MaxPathFeatures && f < n && value != 0f && SupervisedFeatures.Explains(f, value) && !pathFeature[..recorded].Contains(f))
                {
                    x[f] = 0f;
                    alternative[recorded] = model.WalkFrom(node, x);
                    x[f] = value;
                    pathFeature[recorded++] = f;
                }

                node = value <= threshold[node] ? left[node] : right[node];
            }

            float leaf = model.Leaves[~node];
            for (int i = 0; i < recorded; i++)
            {
                delta[pathFeature[i]] += leaf - alternative[i];
            }
        }

        int a = -1, b = -1, c = -1;
        double da = 0, db = 0, dc = 0;
        for (int j = 0; j < n; j++)
        {
            double d = delta[j];
            if (d > da)
            {
                (c, dc, b, db) = (b, db, a, da);
                (a, da) = (j, d);
            }
            else if (d > db)
            {
                (c, dc) = (b, db);
                (b, db) = (j, d);
            }
            else if (d > dc)
            {
                (c, dc) = (j, d);
            }
        }

        return (a, b, c);
    }

    /// <summary>Distinct explainable features followed on one tree path (deeper ones are not re-walked).</summary>
    private const int MaxPathFeatures = 32;

    /// <summary>Three feature indexes in one number (the factor carries numbers, not strings, so scoring allocates nothing).</summary>
    public static double PackTop((int A, int B, int C) top) => (top.A + 1) + ((top.B + 1) * 100.0) + ((top.C + 1) * 10_000.0);

    /// <summary>The feature indexes packed by <see cref="PackTop"/>, strongest first, without the empty ones.</summary>
    public static IEnumerable<int> UnpackTop(double packed)
    {
        long v = (long)packed;
        for (int i = 0; i < MaxNamed && v > 0; i++, v /= 100)
        {
            int index = (int)(v % 100) - 1;
            if (index >= 0)
            {
                yield return index;
            }
        }
    }
}
