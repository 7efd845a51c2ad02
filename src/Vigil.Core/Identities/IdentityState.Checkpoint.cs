using Vigil.Core.Baselines;
using Vigil.Core.Statistics;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Identities;

/// <summary>Checkpoint format of an identity: every field, so a restored engine scores exactly as the original.</summary>
internal sealed partial class IdentityState
{
    public void WriteTo(BinaryWriter w)
    {
        w.Write(Id);
        w.Write((byte)Kind);
        w.Write(PeerGroup);
        Profile.WriteTo(w);
        w.Write(LastLocatedMs);
        w.Write(LastLatitude);
        w.Write(LastLongitude);
        w.Write(LastIpPrefixHash);
        w.Write(LastAsNumber);
        FailedSignIns.WriteTo(w);
        MfaDenials.WriteTo(w);
        Requests.WriteTo(w);
        RequestRate.WriteTo(w);
        w.Write(RateMinuteStartMs);
        w.Write(RateMinuteCount);
        w.Write(LastMfaNegativeMs);
        w.Write(VolumeHourStartMs);
        w.Write(VolumeThisHour);
        w.Write(PeakHourlyBytes);
        w.Write(PeakHourlyAtMs);
        foreach (var s in Sessions)
        {
            w.Write(s.SessionHash);
            w.Write(s.IpPrefixHash);
            w.Write(s.AsNumber);
            w.Write(s.DeviceHash);
            w.Write(s.UserAgentHash);
            w.Write(s.StartedMs);
            w.Write(s.LastSeenMs);
            w.Write(s.Revoked);
        }

        foreach (var d in Devices)
        {
            w.Write(d.DeviceHash);
            WriteBool(w, d.Compliant);
            WriteBool(w, d.Managed);
            w.Write(d.LastPostureMs);
        }

        w.Write(HeldCount);
        for (int i = 0; i < HeldCount; i++)
        {
            ref readonly var h = ref Held[i];
            for (int f = 0; f < FeatureSet.Count; f++)
            {
                w.Write(h.Features[f]);
            }

            w.Write(h.TimestampMs);
            w.Write(h.EventIdHash);
            w.Write(h.SessionHash);
            w.Write(h.IpPrefixHash);
            w.Write(h.CountHour);
        }

        w.Write(AccumulatedRisk);
        w.Write(AccumulatedAtMs);
        w.Write(Compromised);
        w.Write(CompromisedAtMs);
        w.Write(UserReported);
        w.Write(LastPrivilegeGrantMs);
        w.Write(LastSeenMs);
    }

    public static IdentityState ReadFrom(BinaryReader r)
    {
        var identity = new IdentityState(r.ReadString(), (IdentityKind)r.ReadByte(), r.ReadString())
        {
            Profile = BehaviourProfile.ReadFrom(r, sharedStorage: true),
            LastLocatedMs = r.ReadInt64(),
            LastLatitude = r.ReadDouble(),
            LastLongitude = r.ReadDouble(),
            LastIpPrefixHash = r.ReadUInt64(),
            LastAsNumber = r.ReadUInt32(),
            FailedSignIns = SlidingWindowCounter.ReadFrom(r),
            MfaDenials = SlidingWindowCounter.ReadFrom(r),
            Requests = SlidingWindowCounter.ReadFrom(r),
            RequestRate = RunningMoments.ReadFrom(r),
            RateMinuteStartMs = r.ReadInt64(),
            RateMinuteCount = r.ReadInt32(),
            LastMfaNegativeMs = r.ReadInt64(),
            VolumeHourStartMs = r.ReadInt64(),
            VolumeThisHour = r.ReadInt64(),
            PeakHourlyBytes = r.ReadDouble(),
            PeakHourlyAtMs = r.ReadInt64(),
        };
        for (int i = 0; i < SessionSlots; i++)
        {
            identity.Sessions[i] = new SessionRecord
            {
                SessionHash = r.ReadUInt64(),
                IpPrefixHash = r.ReadUInt64(),
                AsNumber = r.ReadUInt32(),
                DeviceHash = r.ReadUInt64(),
                UserAgentHash = r.ReadUInt64(),
                StartedMs = r.ReadInt64(),
                LastSeenMs = r.ReadInt64(),
                Revoked = r.ReadBoolean(),
            };
        }

        for (int i = 0; i < DeviceSlots; i++)
        {
            identity.Devices[i] = new DeviceRecord { DeviceHash = r.ReadUInt64(), Compliant = ReadBool(r), Managed = ReadBool(r), LastPostureMs = r.ReadInt64() };
        }

        int held = r.ReadInt32();
        if (held is < 0 or > HeldSlots)
        {
            throw new InvalidDataException($"Checkpoint identity '{identity.Id}' holds {held} observations; at most {HeldSlots} are possible.");
        }

        identity.HeldCount = held;
        for (int i = 0; i < held; i++)
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
            identity.Held[i] = h;
        }

        identity.AccumulatedRisk = r.ReadSingle();
        identity.AccumulatedAtMs = r.ReadInt64();
        identity.Compromised = r.ReadBoolean();
        identity.CompromisedAtMs = r.ReadInt64();
        identity.UserReported = r.ReadBoolean();
        identity.LastPrivilegeGrantMs = r.ReadInt64();
        identity.LastSeenMs = r.ReadInt64();
        return identity;
    }

    private static void WriteBool(BinaryWriter w, bool? value) => w.Write(value switch { null => (byte)0, false => (byte)1, true => (byte)2 });

    private static bool? ReadBool(BinaryReader r) => r.ReadByte() switch { 0 => null, 1 => false, _ => true };
}
