using System.Globalization;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Which event times are believable: a time outside 2000..2100 is a unit mistake (seconds or microseconds read as
/// milliseconds), and a time more than <see cref="MaxAheadMs"/> after the reference or more than
/// <see cref="MaxBehindMs"/> before the newest accepted time is a wrong clock. Either is refused with an error naming
/// <c>@timestamp</c>, so one bad event can neither reset windows nor be replayed at a time it did not happen (issue
/// 11, defect 4). The reference for "ahead" is the wall clock when one is given (the service: events cannot walk it
/// forward), else the newest accepted time (a replay of a file). Thread-safe.
/// </summary>
public sealed class TimestampWindow
{
    /// <summary>2000-01-01T00:00:00Z in Unix milliseconds: earlier times are taken for a unit mistake.</summary>
    public const long EarliestMs = 946_684_800_000;

    /// <summary>2100-01-01T00:00:00Z in Unix milliseconds: later times are taken for a unit mistake.</summary>
    public const long LatestMs = 4_102_444_800_000;

    private readonly TimeProvider? _clock;
    private long _newestMs = long.MinValue;

    /// <summary>A window; <paramref name="clock"/> null makes the newest accepted time the only reference.</summary>
    public TimestampWindow(long maxAheadMs, long maxBehindMs, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAheadMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBehindMs);
        MaxAheadMs = maxAheadMs;
        MaxBehindMs = maxBehindMs;
        _clock = clock;
    }

    /// <summary>How far after the reference an event may be, ms.</summary>
    public long MaxAheadMs { get; }

    /// <summary>How far before the newest accepted event an event may be, ms.</summary>
    public long MaxBehindMs { get; }

    /// <summary>The newest time accepted so far (<see cref="long.MinValue"/> before any).</summary>
    public long NewestMs => Volatile.Read(ref _newestMs);

    /// <summary>Accepts <paramref name="timestampMs"/> (and moves the newest accepted time) or says why not.</summary>
    public bool TryAccept(long timestampMs, out string? error)
    {
        if (timestampMs is < EarliestMs or >= LatestMs)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"@timestamp {timestampMs} is not between 2000 and 2100: Unix milliseconds are expected (not seconds or microseconds), or ISO 8601 text");
            return false;
        }

        long newest = NewestMs;
        long reference = _clock is null ? newest : _clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (reference != long.MinValue && timestampMs > reference + MaxAheadMs)
        {
            error = $"@timestamp {Format(timestampMs)} is more than {Duration(MaxAheadMs)} after {(_clock is null ? "the newest accepted event" : "the service's clock")} ({Format(reference)})";
            return false;
        }

        if (newest != long.MinValue && timestampMs < newest - MaxBehindMs)
        {
            error = $"@timestamp {Format(timestampMs)} is more than {Duration(MaxBehindMs)} before the newest accepted event ({Format(newest)})";
            return false;
        }

        while (timestampMs > newest && Interlocked.CompareExchange(ref _newestMs, timestampMs, newest) != newest)
        {
            newest = NewestMs;
        }

        error = null;
        return true;
    }

    private static string Format(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Duration(long ms) => ms % 86_400_000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 86_400_000} day(s)")
        : string.Create(CultureInfo.InvariantCulture, $"{ms / 60_000} minute(s)");
}
