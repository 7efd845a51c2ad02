using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

public sealed class TimestampWindowTests
{
    private static readonly long Noon = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const long Day = 86_400_000;

    [Theory]
    [InlineData(1_772_452_800_000_000)] // microseconds
    [InlineData(1_772_452_800)] // seconds
    [InlineData(-1)]
    [InlineData(long.MaxValue)]
    public void TryAccept_UnitMistake_IsRefusedNamingTimestamp(long timestamp)
    {
        var window = new TimestampWindow(Day, 30 * Day);
        Assert.False(window.TryAccept(timestamp, out string? error));
        Assert.StartsWith("@timestamp ", error, StringComparison.Ordinal);
        Assert.Contains("Unix milliseconds are expected", error, StringComparison.Ordinal);
        Assert.Equal(long.MinValue, window.NewestMs);
    }

    [Fact]
    public void TryAccept_FarAheadOfNewest_IsRefusedAndDoesNotMoveTheWindow()
    {
        var window = new TimestampWindow(Day, 30 * Day);
        Assert.True(window.TryAccept(Noon, out _));

        Assert.False(window.TryAccept(Noon + (2 * Day), out string? error));
        Assert.Contains("is more than 1 day(s) after the newest accepted event (2026-03-02T12:00:00.000Z)", error, StringComparison.Ordinal);
        Assert.Equal(Noon, window.NewestMs);
        Assert.True(window.TryAccept(Noon + Day, out _));
    }

    [Fact]
    public void TryAccept_FarBehindNewest_IsRefused()
    {
        var window = new TimestampWindow(Day, 30 * Day);
        Assert.True(window.TryAccept(Noon, out _));
        Assert.True(window.TryAccept(Noon - (30 * Day), out _));

        Assert.False(window.TryAccept(Noon - (31 * Day), out string? error));
        Assert.Contains("before the newest accepted event", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAccept_WithClock_AheadIsMeasuredFromTheClockSoEventsCannotWalkItForward()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Noon));
        var window = new TimestampWindow(3_600_000, 30 * Day, clock);

        Assert.True(window.TryAccept(Noon + 3_600_000, out _));
        Assert.False(window.TryAccept(Noon + 7_000_000, out string? error)); // within an hour of the newest, not of the clock
        Assert.Contains("after the service's clock", error, StringComparison.Ordinal);
        Assert.True(window.TryAccept(Noon - (20 * Day), out _)); // history back-filled into a fresh service
    }
}
