using Vigil.Core.Baselines;

namespace Vigil.Core.Identities;

/// <summary>Checkpoint format of one held or probationary observation (an identity's held ones are written by the identity, without UntilConfirmed).</summary>
internal partial struct HeldObservation
{
    public readonly void WriteTo(BinaryWriter w)
    {
        for (int f = 0; f < FeatureSet.Count; f++)
        {
            w.Write(Features[f]);
        }

        w.Write(TimestampMs);
        w.Write(EventIdHash);
        w.Write(SessionHash);
        w.Write(IpPrefixHash);
        w.Write(CountHour);
        w.Write(UntilConfirmed);
    }

    public static HeldObservation ReadFrom(BinaryReader r)
    {
        var h = default(HeldObservation);
        for (int f = 0; f < FeatureSet.Count; f++)
        {
            h.Features[f] = r.ReadUInt64();
        }

        h.TimestampMs = r.ReadInt64();
        h.EventIdHash = r.ReadUInt64();
        h.SessionHash = r.ReadUInt64();
        h.IpPrefixHash = r.ReadUInt64();
        h.CountHour = r.ReadBoolean();
        h.UntilConfirmed = r.ReadBoolean();
        return h;
    }
}
