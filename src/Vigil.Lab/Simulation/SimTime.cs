namespace Vigil.Lab.Simulation;

/// <summary>Simulated time is Unix milliseconds (UTC), the precision the output carries.</summary>
internal static class SimTime
{
    public const long Second = 1_000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;

    public static long ToUnixMs(DateOnly date) => (date.DayNumber - 719_162L) * Day;

    public static DateTimeOffset ToDateTimeOffset(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>The first instant at or after <paramref name="afterMs"/> whose local time of day is <paramref name="localMinuteOfDay"/>.</summary>
    public static long NextLocal(long afterMs, long offsetMs, int localMinuteOfDay)
    {
        var local = afterMs + offsetMs;
        var dayStart = local - (((local % Day) + Day) % Day);
        var candidate = dayStart + (localMinuteOfDay * Minute);
        if (candidate < local)
        {
            candidate += Day;
        }

        return candidate - offsetMs;
    }
}
