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
        elapsedMs <= 0 || inverseHalfLifeMs == 0 ? 1d : Exp2(-elapsedMs, inverseHalfLifeMs);

    /// <summary>
    /// <c>2^(milliseconds * inverseHalfLifeMs)</c>, exactly <c>double.Exp2(milliseconds * inverseHalfLifeMs)</c>, memoised.
    /// </summary>
    /// <remarks>
    /// One event reads and updates many decayed statistics at the same timestamp, and those anchored at the same time
    /// (an identity's sketches mostly start with its first event, a tenant's with the tenant's) need the same power of
    /// two: without the memo, Observe spent about a third of its time in <c>pow</c>. A small direct-mapped table per
    /// thread keeps the last value for each (milliseconds, rate); a hit returns the very double a call would compute,
    /// so results stay bit-identical, and per-thread tables need no locks (the statistics themselves are locked by
    /// their owners, not by this cache).
    /// </remarks>
    public static double Exp2(long milliseconds, double inverseHalfLifeMs)
    {
        var table = t_exp2 ??= NewExp2Table();
        ref var entry = ref table[(int)(((ulong)milliseconds * 0x9E3779B97F4A7C15UL) >> (64 - Exp2TableBits))];
        if (entry.Milliseconds == milliseconds && entry.Rate == inverseHalfLifeMs)
        {
            return entry.Value;
        }

        double value = double.Exp2(milliseconds * inverseHalfLifeMs);
        entry = new Exp2Entry(milliseconds, inverseHalfLifeMs, value);
        return value;
    }

    private const int Exp2TableBits = 6;

    [ThreadStatic]
    private static Exp2Entry[]? t_exp2;

    private static Exp2Entry[] NewExp2Table()
    {
        var table = new Exp2Entry[1 << Exp2TableBits];
        table.AsSpan().Fill(new Exp2Entry(0, double.NaN, 0)); // a NaN rate never matches: every slot starts empty
        return table;
    }

    private readonly record struct Exp2Entry(long Milliseconds, double Rate, double Value);

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

        // Counts are positive: the neighbouring float is the next bit pattern up or down, as MathF.BitIncrement and
        // BitDecrement compute it for positive finite values (they are calls with sign, NaN and infinity cases).
        float other = nearest > 0
            ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(nearest) + (error > 0 ? 1 : -1))
            : error > 0 ? MathF.BitIncrement(nearest) : MathF.BitDecrement(nearest);
        double gap = Math.Abs((double)other - nearest);
        return StableHash.ToUnitInterval(entropy) * gap < Math.Abs(error) ? other : nearest;
    }

    /// <summary>Approximate managed size of an array on a 64-bit runtime: 24-byte header, payload padded to 8.</summary>
    public static int ArrayBytes(int length, int elementSize) => 24 + ((length * elementSize + 7) & ~7);
}
