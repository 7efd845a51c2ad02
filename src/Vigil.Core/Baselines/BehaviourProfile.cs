using Vigil.Core.Statistics;

namespace Vigil.Core.Baselines;

/// <summary>
/// The behaviour of one identity, one peer group or the tenant: decayed frequencies of categorical features, an
/// hours-of-week profile and running moments of data volume. The same shape at every level, so levels back each
/// other off and shards can be merged. Not thread-safe: the owner locks.
/// </summary>
internal sealed partial class BehaviourProfile
{
    private readonly DecayedFrequencySketch[] _features;
    private readonly bool[] _tracked;
    private readonly bool _countsHours = true;

    public BehaviourProfile(ProfileShape shape)
    {
        _features = new DecayedFrequencySketch[FeatureSet.Count];
        _tracked = new bool[FeatureSet.Count];
        ulong[]? keyStore = null;
        float[]? countStore = null;
        if (shape.SharedStorage)
        {
            int entries = shape.Capacities.Sum(c => Math.Max(1, c));
            keyStore = new ulong[entries];
            countStore = new float[entries];
        }

        int at = 0;
        for (int i = 0; i < _features.Length; i++)
        {
            _tracked[i] = shape.Capacities[i] > 0;
            int capacity = Math.Max(1, shape.Capacities[i]);
            _features[i] = keyStore is not null && countStore is not null
                ? new DecayedFrequencySketch(capacity, shape.HalfLifeDays, keyStore, countStore, at)
                : new DecayedFrequencySketch(capacity, shape.HalfLifeDays);
            at += capacity;
        }

        Hours = new HourOfWeekProfile(shape.HalfLifeDays);
        HourlyBytes = new RunningMoments(shape.HalfLifeDays);
        _countsHours = shape.CountsHours;
    }

    public HourOfWeekProfile Hours { get; private set; }

    /// <summary>Bytes per hour over the hours with any data access (sampled when an hour closes).</summary>
    public RunningMoments HourlyBytes;

    /// <summary>How much history a feature has (undecayed number of values learned).</summary>
    public double History(Feature feature) => _features[(int)feature].EverSeenWeight;

    public DecayedFrequencySketch this[Feature feature] => _features[(int)feature];

    /// <summary>Learns the features an event carries (hash 0 = absent, skipped).</summary>
    public void Learn(in FeatureHashes features, long timestampMs, bool countHour, float weight = 1f)
    {
        for (int i = 0; i < _features.Length; i++)
        {
            ulong key = features[i];
            if (key != 0 && _tracked[i])
            {
                _features[i].Add(key, timestampMs, weight);
            }
        }

        if (countHour && _countsHours)
        {
            Hours.Add(timestampMs, weight);
        }
    }

    /// <summary>Learns one feature's value with <paramref name="weight"/> observations (a value many people confirmed safe).</summary>
    public void LearnValue(Feature feature, ulong key, long timestampMs, float weight)
    {
        if (key != 0 && _tracked[(int)feature])
        {
            _features[(int)feature].Add(key, timestampMs, weight);
        }
    }

    public void Merge(BehaviourProfile other)
    {
        for (int i = 0; i < _features.Length; i++)
        {
            _features[i].Merge(other._features[i]);
        }

        Hours.Merge(other.Hours);
        HourlyBytes.Merge(other.HourlyBytes);
    }
}
