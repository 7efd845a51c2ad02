using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Tests.Evaluation;

public sealed class ScoreHistogramTests
{
    [Fact]
    public void RocAuc_PerfectSeparation_IsOne()
    {
        var h = new ScoreHistogram();
        for (int i = 0; i < 100; i++)
        {
            h.Add(0.1, positive: false);
            h.Add(0.9, positive: true);
        }

        Assert.Equal(1.0, h.RocAuc(), 6);
        Assert.Equal(1.0, h.AveragePrecision(), 6);
        Assert.Equal(1.0, h.DetectionAt(0.001).DetectionRate, 6);
    }

    [Fact]
    public void RocAuc_IdenticalScores_IsHalf()
    {
        var h = new ScoreHistogram();
        for (int i = 0; i < 50; i++)
        {
            h.Add(0.5, positive: i % 2 == 0);
        }

        Assert.Equal(0.5, h.RocAuc(), 6);
    }

    [Fact]
    public void RocAuc_MatchesPairwiseDefinition()
    {
        var random = new Random(3);
        var positives = Enumerable.Range(0, 300).Select(_ => Math.Round(Math.Clamp(0.6 + (random.NextDouble() - 0.5) * 0.8, 0, 1), 3)).ToArray();
        var negatives = Enumerable.Range(0, 900).Select(_ => Math.Round(Math.Clamp(0.3 + (random.NextDouble() - 0.5) * 0.8, 0, 1), 3)).ToArray();
        var h = new ScoreHistogram();
        foreach (double p in positives)
        {
            h.Add(p, true);
        }

        foreach (double n in negatives)
        {
            h.Add(n, false);
        }

        // AUC = P(score of a random positive > score of a random negative) + half the ties.
        double wins = 0;
        foreach (double p in positives)
        {
            foreach (double n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        Assert.Equal(wins / (positives.Length * negatives.Length), h.RocAuc(), 3);
    }

    [Fact]
    public void DetectionAt_FalsePositiveBudget_PicksTheLowestThresholdWithinIt()
    {
        var h = new ScoreHistogram();
        for (int i = 0; i < 1000; i++)
        {
            h.Add(i < 10 ? 0.8 : 0.1, positive: false);   // 1% of negatives score 0.8
        }

        for (int i = 0; i < 100; i++)
        {
            h.Add(i < 50 ? 0.9 : 0.8, positive: true);
        }

        Assert.Equal(0.5, h.DetectionAt(0.001).DetectionRate, 6);   // only the 0.9s fit under 0.1% false positives
        Assert.Equal(1.0, h.DetectionAt(0.01).DetectionRate, 6);    // the 0.8s cost exactly 1%
    }

    [Fact]
    public void Metrics_WithoutBothClasses_AreNotANumber()
    {
        var h = new ScoreHistogram();
        h.Add(0.4, false);
        Assert.True(double.IsNaN(h.RocAuc()));
        Assert.True(double.IsNaN(h.DetectionAt(0.01).DetectionRate));
    }
}
