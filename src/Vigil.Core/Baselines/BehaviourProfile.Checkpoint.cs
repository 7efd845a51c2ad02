using Vigil.Core.Statistics;

namespace Vigil.Core.Baselines;

/// <summary>Checkpoint format of a profile: sketches in feature order, tracked flags, hours, hourly volume.</summary>
internal sealed partial class BehaviourProfile
{
    private BehaviourProfile(DecayedFrequencySketch[] features, bool[] tracked, bool countsHours, HourOfWeekProfile hours, RunningMoments hourlyBytes)
    {
        _features = features;
        _tracked = tracked;
        _countsHours = countsHours;
        Hours = hours;
        HourlyBytes = hourlyBytes;
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_features.Length);
        for (int i = 0; i < _features.Length; i++)
        {
            writer.Write(_tracked[i]);
            _features[i].WriteTo(writer);
        }

        writer.Write(_countsHours);
        Hours.WriteTo(writer);
        HourlyBytes.WriteTo(writer);
    }

    /// <summary>Reads a profile; with <paramref name="sharedStorage"/> its sketches are moved onto shared storage (see <see cref="ProfileShape.SharedStorage"/>).</summary>
    public static BehaviourProfile ReadFrom(BinaryReader reader, bool sharedStorage = false)
    {
        int count = reader.ReadInt32();
        if (count != FeatureSet.Count)
        {
            throw new InvalidDataException($"Checkpoint profile has {count} features; this version of Vigil has {FeatureSet.Count}.");
        }

        var features = new DecayedFrequencySketch[count];
        var tracked = new bool[count];
        for (int i = 0; i < count; i++)
        {
            tracked[i] = reader.ReadBoolean();
            features[i] = DecayedFrequencySketch.ReadFrom(reader);
        }

        if (sharedStorage)
        {
            // The checkpoint format does not depend on the storage: entries are copied, state and order unchanged.
            if (features.Any(f => f.Capacity >= DecayedFrequencySketch.HashIndexThreshold))
            {
                throw new InvalidDataException("Corrupt checkpoint: an identity's sketch is larger than an identity profile holds.");
            }

            var keyStore = new ulong[features.Sum(f => f.Capacity)];
            var countStore = new float[keyStore.Length];
            int at = 0;
            for (int i = 0; i < count; i++)
            {
                int capacity = features[i].Capacity;
                features[i] = features[i].CopyTo(keyStore, countStore, at);
                at += capacity;
            }
        }

        bool countsHours = reader.ReadBoolean();
        var hours = HourOfWeekProfile.ReadFrom(reader);
        var hourly = RunningMoments.ReadFrom(reader);
        return new BehaviourProfile(features, tracked, countsHours, hours, hourly);
    }
}
