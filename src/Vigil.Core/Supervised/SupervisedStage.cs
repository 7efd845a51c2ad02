using Vigil.Core.Engine;
using Vigil.Core.Scoring;

namespace Vigil.Core.Supervised;

/// <summary>
/// The supervised family in the engine: runs after every other detector, reads their outputs and the event's features
/// (<see cref="SupervisedFeatures"/>), and adds one factor whose strength is the model's calibrated probability of
/// compromise. The factor names the features that raised the probability most, found by exact leave-one-out saliency:
/// each non-neutral feature is set back to its neutral value (0) and the trees are walked again; the drop in the raw
/// score is that feature's contribution. Exact for the model (no approximation of paths, unlike Saabas attribution),
/// and paid only for events whose probability is high enough to be shown.
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
            factors.Add(new RiskFactor(ReasonCode.SupervisedCompromisePattern, (float)p, _weight, p, PackTop(Explain(x, raw))));
        }

        return p;
    }

    /// <summary>The (up to <see cref="MaxNamed"/>) features that raised the raw score most, strongest first; -1 fills.</summary>
    public (int A, int B, int C) Explain(Span<float> x, double raw)
    {
        int a = -1, b = -1, c = -1;
        double da = 0, db = 0, dc = 0;
        int n = Math.Min(x.Length, model.FeatureCount);
        for (int j = 0; j < n; j++)
        {
            float value = x[j];
            if (value == 0f || !SupervisedFeatures.Explains(j, value))
            {
                continue;
            }

            x[j] = 0f;
            double delta = raw - model.Raw(x);
            x[j] = value;
            if (delta <= 0)
            {
                continue;
            }

            if (delta > da)
            {
                (c, dc, b, db) = (b, db, a, da);
                (a, da) = (j, delta);
            }
            else if (delta > db)
            {
                (c, dc) = (b, db);
                (b, db) = (j, delta);
            }
            else if (delta > dc)
            {
                (c, dc) = (j, delta);
            }
        }

        return (a, b, c);
    }

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
