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

    public static BehaviourProfile ReadFrom(BinaryReader reader)
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

        bool countsHours = reader.ReadBoolean();
        var hours = HourOfWeekProfile.ReadFrom(reader);
        var hourly = RunningMoments.ReadFrom(reader);
        return new BehaviourProfile(features, tracked, countsHours, hours, hourly);
    }
}
