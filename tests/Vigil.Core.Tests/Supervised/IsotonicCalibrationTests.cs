using Vigil.Core.Supervised;

namespace Vigil.Core.Tests.Supervised;

public sealed class IsotonicCalibrationTests
{
    [Fact]
    public void Fit_OverconfidentScores_MapsToMeasuredRates()
    {
        // Scores of 0.9 that are attacks only half the time, scores of 0.1 never: calibration says so.
        var labels = Enumerable.Range(0, 200).Select(i => (i < 100 ? 0.1 : 0.9, i >= 100 && i % 2 == 0));
        var calibration = IsotonicCalibration.Fit(labels)!;
        Assert.Equal(0.0, calibration.Map(0.1), 9);
        Assert.Equal(0.5, calibration.Map(0.9), 9);
        Assert.Equal(0.25, calibration.Map(0.5), 9);
    }

    [Fact]
    public void Fit_Anything_NonDecreasing()
    {
        var random = new Random(3);
        var labels = Enumerable.Range(0, 500).Select(_ => { double p = random.NextDouble(); return (p, random.NextDouble() < p); }).ToList();
        var calibration = IsotonicCalibration.Fit(labels)!;
        double last = -1;
        for (double p = 0; p <= 1; p += 0.01)
        {
            double mapped = calibration.Map(p);
            Assert.InRange(mapped, Math.Max(0, last), 1);
            last = mapped;
        }
    }

    [Fact]
    public void Fit_TooFewLabelsOrOneOutcome_Null()
    {
        Assert.Null(IsotonicCalibration.Fit(Enumerable.Range(0, 10).Select(i => (i / 10.0, i > 5))));
        Assert.Null(IsotonicCalibration.Fit(Enumerable.Range(0, 100).Select(i => (i / 100.0, false))));
    }
}
