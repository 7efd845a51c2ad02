using Vigil.Core.Baselines;
using Vigil.Core.Graph;
using Vigil.Core.Identities;
using Vigil.Core.Language;
using Vigil.Core.Statistics;

namespace Vigil.Core.Engine;

/// <summary>Checkpoint format of a tenant. Collections are written in key order so equal state gives equal bytes.</summary>
internal sealed partial class TenantState
{
    /// <summary>The seed of the tenant named <paramref name="id"/>: the engine's seed mixed with the name, so tenants hash differently.</summary>
    public static int SeedFor(string id, VigilEngineOptions options) => options.Seed ^ (int)StableHash.Of(id.AsSpan());

    public void WriteTo(BinaryWriter w, int version)
    {
        w.Write(Id);
        Profile.WriteTo(w);
        PrefixSharing.WriteTo(w);
        Outliers.WriteTo(w);
        w.Write(OutlierCandidates);
        w.Write(LastSweepMs);
        w.Write(LearnClockMs);

        var peers = PeersInOrder();
        w.Write(peers.Length);
        foreach (var peer in peers)
        {
            w.Write(peer.Name);
            peer.Profile.WriteTo(w);
        }

        var identities = Identities.Values.OrderBy(i => i.Id, StringComparer.Ordinal).ToArray();
        w.Write(identities.Length);
        foreach (var identity in identities)
        {
            identity.WriteTo(w);
        }

        var sources = Sources.OrderBy(p => p.Key).ToArray();
        w.Write(sources.Length);
        foreach (var (key, source) in sources)
        {
            w.Write(key);
            source.WriteTo(w);
        }

        if (version >= 3)
        {
            Graph.WriteTo(w);
        }

        if (version >= 4)
        {
            w.Write(ConfirmedPatterns.Count); // in the order they were confirmed: the journal's order
            foreach (var p in ConfirmedPatterns)
            {
                w.Write(p.Feature);
                w.Write(p.Value);
                w.Write(p.IdentityHash);
                w.Write(p.PeerGroup);
                w.Write(p.TimeMs);
            }

            FlaggedNetworks.WriteTo(w);
            var probation = Probation.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
            w.Write(probation.Length);
            foreach (var (identity, list) in probation)
            {
                w.Write(identity);
                w.Write(list.Count);
                foreach (var o in list)
                {
                    o.WriteTo(w);
                }
            }
        }

        if (version >= 5)
        {
            WriteText(w, peers.Where(p => p.Text is not null).Select(p => (p.Name, p.Text!)).ToArray());
            WriteText(w, identities.Where(i => i.Text is not null).Select(i => (i.Id, i.Text!)).ToArray());
        }

        if (version >= 6)
        {
            AccessGraph.WriteTo(w);
        }
    }

    /// <summary>The language family's baselines, by owner, in key order; kept out of the identity record so that record's format is unchanged.</summary>
    private static void WriteText(BinaryWriter w, (string Owner, TextBaseline Text)[] baselines)
    {
        w.Write(baselines.Length);
        foreach (var (owner, text) in baselines)
        {
            w.Write(owner);
            text.WriteTo(w);
        }
    }

    /// <summary>Reads a tenant of checkpoint <paramref name="version"/>; before version 3 there is no graph, before 4 no confirmed patterns, flagged networks or probation, before 6 no access graph, and they start empty.</summary>
    public static TenantState ReadFrom(BinaryReader r, VigilEngineOptions options, int version)
    {
        string id = r.ReadString();
        // The seed a new tenant of this id gets: an old checkpoint's empty graph hashes as a never-restarted engine's would.
        var tenant = new TenantState(id, SeedFor(id, options), options)
        {
            Profile = BehaviourProfile.ReadFrom(r),
            PrefixSharing = DecayedFrequencySketch.ReadFrom(r),
            Outliers = HalfSpaceTrees.ReadFrom(r),
            OutlierCandidates = r.ReadInt64(),
            LastSweepMs = r.ReadInt64(),
            LearnClockMs = r.ReadInt64(),
        };
        int peers = r.ReadInt32();
        for (int i = 0; i < peers; i++)
        {
            tenant.AddPeer(new PeerGroupState(r.ReadString()) { Profile = BehaviourProfile.ReadFrom(r) });
        }

        int identities = r.ReadInt32();
        for (int i = 0; i < identities; i++)
        {
            var identity = IdentityState.ReadFrom(r);
            tenant.Identities[identity.Id] = identity;
        }

        int sources = r.ReadInt32();
        for (int i = 0; i < sources; i++)
        {
            ulong key = r.ReadUInt64();
            tenant.Sources[key] = SourceState.ReadFrom(r);
        }

        if (version >= 3)
        {
            tenant.Graph = MidasR.ReadFrom(r);
        }

        if (version >= 4)
        {
            int confirmed = r.ReadInt32();
            for (int i = 0; i < confirmed; i++)
            {
                tenant.ConfirmedPatterns.Add(new Feedback.ConfirmedPattern(r.ReadByte(), r.ReadUInt64(), r.ReadUInt64(), r.ReadString(), r.ReadInt64()));
            }

            tenant.FlaggedNetworks = DecayedFrequencySketch.ReadFrom(r);
            int probation = r.ReadInt32();
            for (int i = 0; i < probation; i++)
            {
                string identity = r.ReadString();
                int count = r.ReadInt32();
                if (count is < 0 or > 1_000)
                {
                    throw new InvalidDataException($"Checkpoint tenant '{id}' has {count} probationary observations for one identity.");
                }

                var list = new List<HeldObservation>(count);
                for (int j = 0; j < count; j++)
                {
                    list.Add(HeldObservation.ReadFrom(r));
                }

                tenant.Probation[identity] = list;
            }
        }

        if (version >= 5)
        {
            int peerTexts = r.ReadInt32();
            for (int i = 0; i < peerTexts; i++)
            {
                string name = r.ReadString();
                var text = TextBaseline.ReadFrom(r);
                (tenant.FindPeer(name) ?? throw new InvalidDataException($"Checkpoint text baseline for unknown peer group '{name}'.")).Text = text;
            }

            int identityTexts = r.ReadInt32();
            for (int i = 0; i < identityTexts; i++)
            {
                string owner = r.ReadString();
                var text = TextBaseline.ReadFrom(r);
                (tenant.Identities.TryGetValue(owner, out var identity) ? identity : throw new InvalidDataException($"Checkpoint text baseline for unknown identity '{owner}'.")).Text = text;
            }
        }

        if (version >= 6)
        {
            tenant.AccessGraph = AccessGraph.ReadFrom(r);
        }

        return tenant;
    }
}
