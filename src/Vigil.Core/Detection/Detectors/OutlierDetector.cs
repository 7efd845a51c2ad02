using Vigil.Core.Scoring;

namespace Vigil.Core.Detection.Detectors;

/// <summary>
/// Streaming multivariate outliers with half-space trees (Tan, Ting and Liu, IJCAI 2011) over
/// <see cref="OutlierFeatures"/>: catches combinations no single rule looks at. Silent until the model is warm.
/// </summary>
internal sealed class OutlierDetector : IDetector
{
    private const double Threshold = 0.75;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        if (!c.Event.IsAccessAttempt)
        {
            return;
        }

        Span<double> x = stackalloc double[OutlierFeatures.Dimensions];
        OutlierFeatures.Fill(c, x);
        double score;
        lock (c.Tenant.OutlierGate)
        {
            score = c.Tenant.Outliers.Score(x);
        }

        if (score < Threshold)
        {
            return;
        }

        factors.Add(new RiskFactor(ReasonCode.MultivariateOutlier, (float)((score - Threshold) / (1 - Threshold)), 0.25f, score));
    }
}
