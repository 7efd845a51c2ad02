using Vigil.Lab.Training;

namespace Vigil.Lab.Tests.Training;

public sealed class ReliabilityTableTests
{
    [Fact]
    public void Rows_BinnedPredictions_MeanPredictedAgainstObservedRate()
    {
        var table = new ReliabilityTable();
        for (int i = 0; i < 100; i++)
        {
            table.Add(0.9, attack: i < 60);
            table.Add(0.001, attack: false);
        }

        var rows = table.Rows().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal((0.0, 0.01, 100L), (rows[0].From, rows[0].To, rows[0].Events));
        Assert.Equal(0.001, rows[0].Predicted, 9);
        Assert.Equal(0.0, rows[0].Observed);
        Assert.Equal(0.6, rows[1].Observed, 9);
        Assert.Equal(((100 * 0.001) + (100 * 0.3)) / 200, table.ExpectedCalibrationError(), 9);
    }
}
