namespace Vigil.Core.Statistics;

/// <summary>
/// Decayed counts of activity per hour of the week (168 buckets, Monday 00:00-00:59 UTC = 0), with a smoothed
/// probability so "Tuesday 03:00" is judged against the identity's usual rhythm, not against one empty bucket.
/// </summary>
/// <remarks>
/// <para>Storage is block floating point: 168 <see cref="ushort"/> buckets share one double <c>unit</c> (weight of
/// one bucket step at the reference time), 336 bytes of payload instead of 672 for floats. Decay only rescales the
/// shared unit (<c>unit *= 2^(-elapsed/h)</c> when time moves on), so buckets are never re-rounded by decay; an
/// event adds <c>1/unit</c> steps, and when a bucket would pass 65,535 all buckets are halved (round half to even)
/// and the unit doubled. Increments are rounded stochastically with a deterministic generator, so a busy service
/// account whose single event is worth less than one step still counts in expectation.</para>
/// <para>Smoothing kernel (a discrete kernel density estimate on the cyclic week): each observation keeps 1/2 of
/// its mass at its own hour, gives 1/8 to each neighbouring hour (cyclic: Sunday 23:00 neighbours Monday 00:00),
/// and spreads 1/4 evenly over the same hour on the six other days (1/24 each). On top, a prior of
/// <see cref="PriorWeight"/> pseudo-observation spread uniformly over the 168 hours, so an empty profile answers
/// 1/168 and an hour is never impossible. Probabilities sum to 1 over the week.</para>
/// </remarks>
internal sealed class HourOfWeekProfile
{
    public const int Hours = 168;

    /// <summary>Share of an observation kept at its own hour.</summary>
    public const double SelfShare = 0.5;

    /// <summary>Share given to each of the two neighbouring hours.</summary>
    public const double NeighbourShare = 0.125;

    /// <summary>Share spread evenly over the same hour on the six other days.</summary>
    public const double SameHourOtherDaysShare = 0.25;

    /// <summary>Pseudo-observations spread uniformly over the week (Laplace-style prior).</summary>
    public const double PriorWeight = 1;

    private const byte FormatVersion = 1;
    private const long MillisecondsPerHour = 3_600_000;
    private const int MaxStep = ushort.MaxValue;
    private const double InitialUnit = 1d / 32768;

    private readonly ushort[] buckets = new ushort[Hours];
    private double inverseHalfLifeMs; // set once; not readonly so a checkpoint restores it bit for bit
    private double unit = InitialUnit;
    private long referenceMs;
    private bool anchored;
    private int sumSteps;
    private double everSeen;

    public HourOfWeekProfile(double halfLifeDays)
    {
        inverseHalfLifeMs = DecayMath.InverseHalfLifeMs(halfLifeDays);
    }

    /// <summary>Half-life of the decay in days (+Infinity when the profile does not decay).</summary>
    public double HalfLifeDays => DecayMath.HalfLifeDays(inverseHalfLifeMs);

    /// <summary>Undecayed sum of all weights ever added, including merged profiles.</summary>
    public double EverSeenWeight => everSeen;

    /// <summary>Approximate managed memory in bytes (object, fields and the bucket array, 64-bit runtime).</summary>
    public int ApproximateBytes => 64 + DecayMath.ArrayBytes(buckets.Length, sizeof(ushort));

    /// <summary>Hour of the week of a Unix-millisecond timestamp, in UTC: Monday 00:00-00:59 = 0, Sunday 23:00-23:59 = 167.</summary>
    public static int HourOfWeek(long timestampMs)
    {
        long hours = Math.DivRem(timestampMs, MillisecondsPerHour, out long remainder);
        if (remainder < 0)
        {
            hours--;
        }

        // 1970-01-01 (hour 0 of the Unix epoch) was a Thursday, which is hour 3 * 24 of a Monday-based week.
        long hourOfWeek = (hours + (3 * 24)) % Hours;
        return (int)(hourOfWeek < 0 ? hourOfWeek + Hours : hourOfWeek);
    }

    /// <summary>Records activity at <paramref name="timestampMs"/>. Allocates nothing.</summary>
    public void Add(long timestampMs, float weight = 1f)
    {
        if (!(weight >= 0) || float.IsPositiveInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be finite and non-negative.");
        }

        if (weight == 0)
        {
            return;
        }

        everSeen += weight;
        double eventWeight = weight;
        if (!anchored)
        {
            anchored = true;
            referenceMs = timestampMs;
        }
        else if (timestampMs > referenceMs)
        {
            unit *= DecayMath.Factor(timestampMs - referenceMs, inverseHalfLifeMs);
            referenceMs = timestampMs;
        }
        else
        {
            // A late event is worth less: it has already decayed by the time of the reference.
            eventWeight *= DecayMath.Factor(referenceMs - timestampMs, inverseHalfLifeMs);
        }

        int hour = HourOfWeek(timestampMs);
        double steps = eventWeight / unit;
        while (buckets[hour] + steps > MaxStep)
        {
            // Halving 17 times empties every 16-bit bucket, so larger shifts are never needed at once.
            double needed = Math.Ceiling(Math.Log2((buckets[hour] + steps) / MaxStep));
            Shift((int)Math.Clamp(needed, 1, 17));
            steps = eventWeight / unit;
        }

        double floor = Math.Floor(steps);
        ulong entropy = (ulong)timestampMs ^ ((ulong)(uint)sumSteps << 32) ^ (ulong)hour;
        int add = (int)floor + (StableHash.ToUnitInterval(entropy) < steps - floor ? 1 : 0);
        add = Math.Min(add, MaxStep - buckets[hour]);
        buckets[hour] = (ushort)(buckets[hour] + add);
        sumSteps += add;
    }

    /// <summary>Decayed weight recorded in one hour of the week (no smoothing), as of <paramref name="timestampMs"/>.</summary>
    public double Weight(int hourOfWeek, long timestampMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hourOfWeek);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(hourOfWeek, Hours);
        return buckets[hourOfWeek] * UnitAt(timestampMs);
    }

    /// <summary>Decayed total weight as of <paramref name="timestampMs"/>.</summary>
    public double TotalWeight(long timestampMs) => sumSteps * UnitAt(timestampMs);

    /// <summary>
    /// Smoothed probability of the hour of week of <paramref name="timestampMs"/>, evaluated with the weights
    /// decayed to that time (see the class remarks for the kernel). 1/168 when nothing was recorded. Allocates nothing.
    /// </summary>
    public double Probability(long timestampMs)
    {
        int hour = HourOfWeek(timestampMs);
        int hourOfDay = hour % 24;
        int sameHourAllDays = 0;
        for (int day = 0; day < 7; day++)
        {
            sameHourAllDays += buckets[(day * 24) + hourOfDay];
        }

        int own = buckets[hour];
        double smoothedSteps =
            (SelfShare * own)
            + (NeighbourShare * (buckets[(hour + Hours - 1) % Hours] + buckets[(hour + 1) % Hours]))
            + (SameHourOtherDaysShare / 6 * (sameHourAllDays - own));
        double u = UnitAt(timestampMs);
        return ((smoothedSteps * u) + (PriorWeight / Hours)) / ((sumSteps * u) + PriorWeight);
    }

    /// <summary>Adds <paramref name="other"/> into this profile, both decayed to the later reference time. Same half-life required.</summary>
    public void Merge(HourOfWeekProfile other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.inverseHalfLifeMs != inverseHalfLifeMs)
        {
            throw new ArgumentException("Profiles with different half-lives cannot be merged.", nameof(other));
        }

        if (!other.anchored)
        {
            return;
        }

        long reference = anchored ? Math.Max(referenceMs, other.referenceMs) : other.referenceMs;
        double thisUnit = anchored ? unit * DecayMath.Factor(reference - referenceMs, inverseHalfLifeMs) : 0;
        double otherUnit = other.unit * DecayMath.Factor(reference - other.referenceMs, inverseHalfLifeMs);

        Span<double> merged = stackalloc double[Hours];
        double max = 0;
        for (int h = 0; h < Hours; h++)
        {
            merged[h] = (buckets[h] * thisUnit) + (other.buckets[h] * otherUnit);
            max = Math.Max(max, merged[h]);
        }

        // Choose the finest unit at which the heaviest merged bucket still fits.
        double newUnit = max > 0 ? max / MaxStep : InitialUnit;
        int sum = 0;
        for (int h = 0; h < Hours; h++)
        {
            int step = (int)Math.Min(MaxStep, Math.Round(merged[h] / newUnit, MidpointRounding.ToEven));
            buckets[h] = (ushort)step;
            sum += step;
        }

        sumSteps = sum;
        unit = newUnit;
        referenceMs = reference;
        anchored = true;
        everSeen += other.everSeen;
    }

    /// <summary>Writes a versioned, little-endian checkpoint of the whole state.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(FormatVersion);
        writer.Write(inverseHalfLifeMs);
        writer.Write(anchored);
        writer.Write(referenceMs);
        writer.Write(unit);
        writer.Write(everSeen);
        foreach (ushort bucket in buckets)
        {
            writer.Write(bucket);
        }
    }

    /// <summary>Reads a checkpoint written by <see cref="WriteTo"/>; throws <see cref="InvalidDataException"/> when it is corrupt.</summary>
    public static HourOfWeekProfile ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported HourOfWeekProfile checkpoint version {version}.");
        }

        var profile = new HourOfWeekProfile(double.PositiveInfinity)
        {
            inverseHalfLifeMs = DecayMath.CheckRate(reader.ReadDouble()),
            anchored = reader.ReadBoolean(),
            referenceMs = reader.ReadInt64(),
            unit = reader.ReadDouble(),
            everSeen = reader.ReadDouble(),
        };
        if (!double.IsFinite(profile.unit) || profile.unit <= 0)
        {
            throw new InvalidDataException("Corrupt HourOfWeekProfile checkpoint: bad unit.");
        }

        int sum = 0;
        for (int h = 0; h < Hours; h++)
        {
            profile.buckets[h] = reader.ReadUInt16();
            sum += profile.buckets[h];
        }

        profile.sumSteps = sum;
        return profile;
    }

    private double UnitAt(long timestampMs) => unit * DecayMath.Factor(timestampMs - referenceMs, inverseHalfLifeMs);

    private void Shift(int shift)
    {
        int sum = 0;
        for (int h = 0; h < Hours; h++)
        {
            int value = buckets[h];
            int q = value >> shift;
            int remainder = value - (q << shift);
            int half = 1 << (shift - 1);
            if (remainder > half || (remainder == half && (q & 1) == 1))
            {
                q++;
            }

            buckets[h] = (ushort)q;
            sum += q;
        }

        sumSteps = sum;
        unit *= 1 << shift;

        // After a very long silence (unit decayed towards zero) every bucket is now zero: start afresh.
        if (sum == 0 && unit < InitialUnit)
        {
            unit = InitialUnit;
        }
    }
}
