using System.Text;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Telemetry;

[CollectionDefinition(nameof(HostTimeZoneTests), DisableParallelization = true)]
public sealed class HostTimeZoneCollection;

/// <summary>Runs alone: it changes the process's time zone (TZ) to show that reading does not depend on it.</summary>
[Collection(nameof(HostTimeZoneTests))]
public sealed class HostTimeZoneTests
{
    [Theory]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/Los_Angeles")]
    public void TryRead_IsoTimeWithoutOffset_IsUtcWhateverTheHostZone(string zone)
    {
        string? previous = Environment.GetEnvironmentVariable("TZ");
        try
        {
            Environment.SetEnvironmentVariable("TZ", zone);
            TimeZoneInfo.ClearCachedData();
            Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc)));

            var reader = new EcsEventReader();
            Assert.True(reader.TryRead("""{"@timestamp":"2026-03-02T08:00:00","user.id":"a"}"""u8, out var plain, out _));
            Assert.True(reader.TryRead("""{"@timestamp":"2026-03-02T08:00:00.250","user.id":"a"}"""u8, out var fraction, out _));
            Assert.True(reader.TryRead("""{"@timestamp":"2026-03-02T09:00:00+01:00","user.id":"a"}"""u8, out var offset, out _));
            Assert.True(reader.TryRead(Encoding.UTF8.GetBytes("""{"@timestamp":"2026-03-02 08:00:00","user.id":"a"}"""), out var spaced, out _));

            long utc = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
            Assert.Equal(utc, plain.TimestampMs);
            Assert.Equal(utc + 250, fraction.TimestampMs);
            Assert.Equal(utc, offset.TimestampMs);
            Assert.Equal(utc, spaced.TimestampMs);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", previous);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
