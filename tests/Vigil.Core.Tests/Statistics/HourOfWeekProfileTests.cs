using Vigil.Core.Statistics;

namespace Vigil.Core.Tests.Statistics;

public sealed class HourOfWeekProfileTests
{
    private const long Hour = 3_600_000;
    private const long Day = 24 * Hour;
    private const long Week = 7 * Day;

    // 2024-01-01 was a Monday.
    private static readonly long Monday = Utc(2024, 1, 1, 0, 0);

    [Theory]
    [InlineData(2024, 1, 1, 0, 0, 0)]     // Monday 00:00
    [InlineData(2024, 1, 1, 9, 30, 9)]    // Monday 09:30
    [InlineData(2024, 1, 7, 23, 59, 167)] // Sunday 23:59
    [InlineData(1970, 1, 1, 0, 0, 72)]    // the Unix epoch was a Thursday
    [InlineData(1969, 12, 31, 23, 0, 71)] // before the epoch: Wednesday 23:00
    [InlineData(2026, 11, 25, 19, 21, 67)] // Wednesday 19:21
    public void HourOfWeek_KnownTimestamps_MondayMidnightIsZero(int year, int month, int day, int hour, int minute, int expected) =>
        Assert.Equal(expected, HourOfWeekProfile.HourOfWeek(Utc(year, month, day, hour, minute)));

    [Fact]
    public void Probability_EmptyProfile_IsUniform()
    {
        var profile = new HourOfWeekProfile(30);

        Assert.Equal(1d / 168, profile.Probability(Monday + (9 * Hour)), 12);
        Assert.Equal(0, profile.TotalWeight(Monday));
    }

    [Fact]
    public void Probability_OverAllHoursOfTheWeek_SumsToOne()
    {
        var profile = new HourOfWeekProfile(double.PositiveInfinity);
        var random = new Random(5);
        for (int i = 0; i < 1000; i++)
        {
            profile.Add(Monday + (random.Next(4) * Week) + (8 * Hour) + (random.Next(5) * Day) + (random.Next(10) * Hour));
        }

        double sum = 0;
        for (int h = 0; h < 168; h++)
        {
            sum += profile.Probability(Monday + (4 * Week) + (h * Hour));
        }

        Assert.Equal(1, sum, 9);
    }

    [Fact]
    public void Probability_UsualHour_BeatsNeighbourBeatsSameHourOtherDayBeatsNight()
    {
        var profile = new HourOfWeekProfile(30);
        for (int week = 0; week < 4; week++)
        {
            for (int i = 0; i < 25; i++)
            {
                profile.Add(Monday + (week * Week) + (9 * Hour) + (i * 60_000));
            }
        }

        long now = Monday + (4 * Week);
        double usual = profile.Probability(now + (9 * Hour));
        double neighbour = profile.Probability(now + (10 * Hour));
        double otherDay = profile.Probability(now + Day + (9 * Hour));
        double night = profile.Probability(now + Day + (3 * Hour));

        Assert.True(usual > neighbour, $"{usual} > {neighbour}");
        Assert.True(neighbour > otherDay, $"{neighbour} > {otherDay}");
        Assert.True(otherDay > night, $"{otherDay} > {night}");
        Assert.True(night < 0.001, $"night {night}");
        Assert.InRange(usual, 0.45, 0.5);
    }

    [Fact]
    public void TotalWeight_AfterOneHalfLife_IsHalved()
    {
        var profile = new HourOfWeekProfile(7);
        for (int i = 0; i < 10; i++)
        {
            profile.Add(Monday + (i * Hour));
        }

        long last = Monday + (9 * Hour);
        double before = profile.TotalWeight(last);
        Assert.Equal(before / 2, profile.TotalWeight(last + Week), 9);
        Assert.Equal(0.5, profile.Weight(9, last + Week), tolerance: 1e-3); // 16-bit buckets: ~1e-4 quantisation
    }

    [Fact]
    public void Add_HundredThousandEventsInOneHour_KeepsCounting()
    {
        var profile = new HourOfWeekProfile(double.PositiveInfinity);
        for (int i = 0; i < 100_000; i++)
        {
            profile.Add(Monday + (i % 3_600_000));
        }

        for (int i = 0; i < 1000; i++)
        {
            profile.Add(Monday + Day + i);
        }

        Assert.InRange(profile.TotalWeight(Monday + Day), 100_000, 102_000);
        Assert.InRange(profile.Weight(24, Monday + Day), 900, 1100);
    }

    [Fact]
    public void Merge_TwoProfiles_EqualsOneProfileOfBothStreams()
    {
        var left = new HourOfWeekProfile(30);
        var right = new HourOfWeekProfile(30);
        var both = new HourOfWeekProfile(30);
        var random = new Random(11);
        for (int i = 0; i < 3000; i++)
        {
            long t = Monday + (i * 20 * 60_000L) + random.Next(600_000);
            (random.Next(2) == 0 ? left : right).Add(t);
            both.Add(t);
        }

        left.Merge(right);

        long now = Monday + (45 * Day);
        Assert.Equal(both.TotalWeight(now), left.TotalWeight(now), tolerance: 1e-3 * both.TotalWeight(now));
        for (int h = 0; h < 168; h++)
        {
            Assert.Equal(both.Probability(now + (h * Hour)), left.Probability(now + (h * Hour)), tolerance: 1e-4);
        }

        Assert.Equal(3000, left.EverSeenWeight);
    }

    [Fact]
    public void WriteTo_ReadFrom_AnswersIdentically()
    {
        var profile = new HourOfWeekProfile(21);
        for (int i = 0; i < 500; i++)
        {
            profile.Add(Monday + (i * 7_919_000L));
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            profile.WriteTo(writer);
        }

        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        HourOfWeekProfile copy = HourOfWeekProfile.ReadFrom(reader);

        long now = Monday + (500 * 7_919_000L);
        Assert.Equal(profile.TotalWeight(now), copy.TotalWeight(now));
        for (int h = 0; h < 168; h++)
        {
            Assert.Equal(profile.Probability(now + (h * Hour)), copy.Probability(now + (h * Hour)));
        }

        profile.Add(now);
        copy.Add(now);
        Assert.Equal(profile.Probability(now), copy.Probability(now));
    }

    private static long Utc(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
}
