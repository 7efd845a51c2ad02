namespace Vigil.Core.Statistics;

/// <summary>Shared arithmetic of the exponentially decayed statistics: half-lives, decay factors, compact rounding.</summary>
internal static class DecayMath
{
    public const double MillisecondsPerDay = 86_400_000d;

    /// <summary>
    /// 1 / half-life in milliseconds, the rate used as <c>2^(-elapsedMs * rate)</c>. A half-life of
    /// <see cref="double.PositiveInfinity"/> means no decay (rate 0).
    /// </summary>
    public static double InverseHalfLifeMs(double halfLifeDays)
    {
        if (double.IsNaN(halfLifeDays) || halfLifeDays <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLifeDays), halfLifeDays, "The half-life must be a positive number of days (or +Infinity for no decay).");
        }

        return double.IsPositiveInfinity(halfLifeDays) ? 0d : 1d / (halfLifeDays * MillisecondsPerDay);
    }

    /// <summary>Half-life in days for a rate from <see cref="InverseHalfLifeMs"/>.</summary>
    public static double HalfLifeDays(double inverseHalfLifeMs) =>
        inverseHalfLifeMs == 0 ? double.PositiveInfinity : 1d / (inverseHalfLifeMs * MillisecondsPerDay);

    /// <summary>Validates a rate read from a checkpoint.</summary>
    public static double CheckRate(double inverseHalfLifeMs) =>
        double.IsFinite(inverseHalfLifeMs) && inverseHalfLifeMs >= 0
            ? inverseHalfLifeMs
            : throw new InvalidDataException("Corrupt checkpoint: the decay rate must be finite and non-negative.");

    /// <summary>Decay multiplier after <paramref name="elapsedMs"/> (1 when elapsed is zero or negative).</summary>
    public static double Factor(long elapsedMs, double inverseHalfLifeMs) =>
        elapsedMs <= 0 || inverseHalfLifeMs == 0 ? 1d : double.Exp2(-elapsedMs * inverseHalfLifeMs);

    /// <summary>
    /// Rounds to a neighbouring float with probability proportional to proximity (stochastic rounding,
    /// Forsythe 1959; Connolly, Higham &amp; Mary 2021), driven by <paramref name="entropy"/> so replays stay
    /// byte-identical. Plain round-to-nearest loses every increment smaller than half an ulp, so a heavy
    /// key's float count would stop growing past 2^24 events; stochastic rounding keeps the expectation exact.
    /// </summary>
    public static float RoundStochastic(double value, ulong entropy)
    {
        float nearest = (float)value;
        double error = value - nearest;
        if (error == 0 || !float.IsFinite(nearest))
        {
            return nearest;
        }

        float other = error > 0 ? MathF.BitIncrement(nearest) : MathF.BitDecrement(nearest);
        double gap = Math.Abs((double)other - nearest);
        return StableHash.ToUnitInterval(entropy) * gap < Math.Abs(error) ? other : nearest;
    }

    /// <summary>Approximate managed size of an array on a 64-bit runtime: 24-byte header, payload padded to 8.</summary>
    public static int ArrayBytes(int length, int elementSize) => 24 + ((length * elementSize + 7) & ~7);
}
