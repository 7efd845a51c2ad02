using Vigil.Core.Identities;

namespace Vigil.Core.Engine;

/// <summary>
/// Eviction of idle identities to an <see cref="IIdentitySpill"/>: memory per tenant stays at
/// <see cref="VigilEngineOptions.MaxIdentitiesPerTenant"/> identities however many callers make up. Eviction and
/// restoration are lossless (the checkpoint form of the identity), so scores are the same with or without it, and
/// whether an identity is in memory or spilled never changes what the engine answers.
/// </summary>
public sealed partial class VigilEngine
{
    /// <summary>Where evicted identities go; null: nothing is evicted.</summary>
    public IIdentitySpill? Spill { get; set; }

    /// <summary>
    /// Evicts from every tenant holding more than <see cref="VigilEngineOptions.MaxIdentitiesPerTenant"/> identities
    /// the least recently seen ones (event time, then id: the same choice on every replay) until it holds the cap.
    /// Like <see cref="WriteCheckpoint"/>, it must not run concurrently with <see cref="Observe(in Telemetry.TelemetryEvent)"/>
    /// or feedback. Returns how many were evicted.
    /// </summary>
    public int EvictIdle()
    {
        int cap = Options.MaxIdentitiesPerTenant;
        if (Spill is not { } spill || cap == 0)
        {
            return 0;
        }

        TenantState[] tenants;
        lock (_tenants)
        {
            tenants = [.. _tenants.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
        }

        int evicted = 0;
        foreach (var tenant in tenants)
        {
            int excess = tenant.Identities.Count - cap;
            if (excess <= 0)
            {
                continue;
            }

            var idle = tenant.Identities.Values
                .OrderBy(i => Volatile.Read(ref i.LastSeenMs))
                .ThenBy(i => i.Id, StringComparer.Ordinal)
                .Take(excess)
                .ToArray();
            foreach (var identity in idle)
            {
                byte[] state;
                lock (identity.Gate)
                {
                    using var buffer = new MemoryStream();
                    using (var w = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                    {
                        identity.WriteTo(w);
                        WriteEvictedText(w, identity);
                    }

                    state = buffer.ToArray();
                }

                spill.Save(tenant.Id, identity.Id, state);
                tenant.Identities.TryRemove(identity.Id, out _);
                evicted++;
            }
        }

        return evicted;
    }

    /// <summary>
    /// Whether some tenant holds more than <see cref="VigilEngineOptions.MaxIdentitiesPerTenant"/> plus a tenth of it:
    /// the service then evicts before its next checkpoint, so that a flood of new identities between checkpoints cannot
    /// grow memory by more than a tenth of the cap. Cheap enough to ask every thousand events.
    /// </summary>
    public bool AnyTenantFarOverCap()
    {
        int cap = Options.MaxIdentitiesPerTenant;
        if (Spill is null || cap == 0)
        {
            return false;
        }

        long limit = cap + (cap / 10) + 1;
        lock (_tenants)
        {
            foreach (var tenant in _tenants.Values)
            {
                if (tenant.Identities.Count > limit)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The identity in memory, else its evicted state from the spill: put back in memory when <paramref name="restore"/>
    /// (learning, on the writer), read as a private copy otherwise (assessments and views must not change memory).
    /// </summary>
    private IdentityState? FindIdentity(TenantState tenant, string id, bool restore)
    {
        if (tenant.Identities.TryGetValue(id, out var identity))
        {
            return identity;
        }

        if (Spill?.Load(tenant.Id, id) is not { } state)
        {
            return null;
        }

        using var r = new BinaryReader(new MemoryStream(state, writable: false));
        var loaded = IdentityState.ReadFrom(r);
        ReadEvictedText(r, loaded);
        return restore ? tenant.Identities.GetOrAdd(id, loaded) : loaded;
    }

    /// <summary>Marks an identity's text baseline (language family) after its record in the spill.</summary>
    private const byte EvictedTextMarker = 1;

    /// <summary>
    /// The language family's text baseline goes with the evicted identity, after the identity's record (whose format,
    /// shared with checkpoints, is unchanged), so a restored identity scores its texts as if never evicted. Records
    /// spilled before this, or without a baseline, simply end after the identity.
    /// </summary>
    private static void WriteEvictedText(BinaryWriter w, IdentityState identity)
    {
        if (identity.Text is { } text)
        {
            w.Write(EvictedTextMarker);
            text.WriteTo(w);
        }

        if (identity.TravelPairs is { } pairs)
        {
            w.Write(EvictedTravelPairsMarker);
            pairs.WriteTo(w);
        }
    }

    /// <summary>Marks an identity's confirmed travel pairs (issue 13) after its record (and its text baseline, when it has one).</summary>
    private const byte EvictedTravelPairsMarker = 2;

    private static void ReadEvictedText(BinaryReader r, IdentityState identity)
    {
        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            switch (r.ReadByte())
            {
                case EvictedTextMarker:
                    identity.Text = Language.TextBaseline.ReadFrom(r);
                    break;
                case EvictedTravelPairsMarker:
                    identity.TravelPairs = Statistics.DecayedFrequencySketch.ReadFrom(r);
                    break;
                default:
                    return; // written by a later build: what this one does not know is left
            }
        }
    }
}
