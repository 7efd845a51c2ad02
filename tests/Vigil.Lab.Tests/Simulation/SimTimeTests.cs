using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Simulation;

public sealed class SimTimeTests
{
    [Fact]
    public void NextLocal_EightAmInTokyoAfterUtcMidnight_IsElevenPmUtcBecauseTodaysHasPassed()
    {
        var midnight = SimTime.ToUnixMs(new DateOnly(2026, 3, 2)); // 09:00 in Tokyo

        var t = SimTime.NextLocal(midnight, 9 * SimTime.Hour, 8 * 60);

        Assert.Equal(midnight + (23 * SimTime.Hour), t);
    }

    [Fact]
    public void NextLocal_NineAmInNewYork_IsTwoPmUtc()
    {
        var midnight = SimTime.ToUnixMs(new DateOnly(2026, 3, 2));

        var t = SimTime.NextLocal(midnight, -5 * SimTime.Hour, 9 * 60);

        Assert.Equal(midnight + (14 * SimTime.Hour), t);
    }

    [Theory]
    [InlineData("DE", 2026, 4, 3, true)] // Good Friday 2026
    [InlineData("DE", 2026, 4, 6, true)] // Easter Monday 2026
    [InlineData("US", 2026, 11, 26, true)] // Thanksgiving 2026
    [InlineData("US", 2026, 4, 6, false)]
    [InlineData("IN", 2026, 1, 26, true)]
    public void IsHoliday_KnownDates_MatchesThePublicCalendar(string country, int y, int m, int d, bool expected) =>
        Assert.Equal(expected, Holidays.IsHoliday(country, new DateOnly(y, m, d)));
}
