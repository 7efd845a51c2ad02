using System.Text;

namespace Vigil.Core.Engine;

/// <summary>
/// Checkpoints: the whole learned state in a versioned binary format. A restored engine scores the following events
/// exactly as the original would have (tested), so a service restarts from the last checkpoint plus the journal.
/// </summary>
public sealed partial class VigilEngine
{
    private const int CheckpointMagic = 0x5647_4350; // "VGCP"
    // 2: tenants carry their learning clock (issue 11, defect 4); 3: the graph sketches (issue 14); 4: confirmed-safe
    // patterns, flagged networks and probation (issue 13); 5: the language family's text baselines (issue 19); 6: the
    // typed access graph with its taint (issue 14); 8: confirmed travel pairs of identities, after everything else
    // (issue 13; 7 is another change's number)
    private const int CheckpointVersion = 8;

    /// <summary>The first version with confirmed travel pairs (<see cref="Identities.IdentityState.TravelPairs"/>).</summary>
    private const int TravelPairsVersion = 8;

    /// <summary>The oldest version still read: a version-2 checkpoint restores with empty graph sketches, before 5 with no text baselines.</summary>
    private const int OldestReadableVersion = 2;

    /// <summary>
    /// Writes the engine's state. Callers must not observe events meanwhile (the service pauses its single writer);
    /// concurrent <see cref="Assess"/> calls are fine.
    /// </summary>
    public void WriteCheckpoint(Stream destination) => WriteCheckpointVersion(destination, CheckpointVersion);

    /// <summary>Writes an older <paramref name="version"/> of the format (tests prove old checkpoints still read).</summary>
    internal void WriteCheckpointVersion(Stream destination, int version)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(CheckpointMagic);
        writer.Write(version);
        TenantState[] tenants;
        lock (_tenants)
        {
            tenants = [.. _tenants.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
        }

        writer.Write(tenants.Length);
        foreach (var tenant in tenants)
        {
            tenant.WriteTo(writer, version);
        }

        if (version >= TravelPairsVersion)
        {
            WriteTravelPairs(writer, tenants);
        }
    }

    /// <summary>
    /// The travel pairs section, appended after every tenant so older sections keep their layout: per tenant, in the
    /// order written, the identities in memory that have confirmed pairs (evicted ones keep theirs in the spill).
    /// </summary>
    private static void WriteTravelPairs(BinaryWriter writer, TenantState[] tenants)
    {
        foreach (var tenant in tenants)
        {
            var withPairs = tenant.Identities.Values.Where(i => i.TravelPairs is not null).OrderBy(i => i.Id, StringComparer.Ordinal).ToList();
            writer.Write(withPairs.Count);
            foreach (var identity in withPairs)
            {
                lock (identity.Gate)
                {
                    writer.Write(identity.Id);
                    identity.TravelPairs!.WriteTo(writer);
                }
            }
        }
    }

    private static void ReadTravelPairs(BinaryReader reader, List<TenantState> tenants)
    {
        foreach (var tenant in tenants)
        {
            int count = reader.ReadInt32();
            if (count < 0 || count > tenant.Identities.Count)
            {
                throw new InvalidDataException($"Checkpoint tenant '{tenant.Id}' has travel pairs for {count} identities; it holds {tenant.Identities.Count}.");
            }

            for (int i = 0; i < count; i++)
            {
                string id = reader.ReadString();
                var pairs = Statistics.DecayedFrequencySketch.ReadFrom(reader);
                if (!tenant.Identities.TryGetValue(id, out var identity))
                {
                    throw new InvalidDataException($"Checkpoint tenant '{tenant.Id}' has travel pairs for identity '{id}', which it does not hold.");
                }

                identity.TravelPairs = pairs;
            }
        }
    }

    /// <summary>Restores an engine from <see cref="WriteCheckpoint"/> output; throws <see cref="InvalidDataException"/> when it is not a checkpoint of this version.</summary>
    public static VigilEngine ReadCheckpoint(Stream source, VigilEngineOptions? options = null)
    {
        var engine = new VigilEngine(options);
        using var reader = new BinaryReader(source, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != CheckpointMagic)
        {
            throw new InvalidDataException("Not a Vigil engine checkpoint.");
        }

        int version = reader.ReadInt32();
        if (version is < OldestReadableVersion or > CheckpointVersion)
        {
            throw new InvalidDataException($"Checkpoint version {version} is not supported; this build reads versions {OldestReadableVersion} to {CheckpointVersion}.");
        }

        int count = reader.ReadInt32();
        var read = new List<TenantState>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            var tenant = TenantState.ReadFrom(reader, engine.Options, version);
            engine._tenants[tenant.Id] = tenant;
            read.Add(tenant);
        }

        if (version >= TravelPairsVersion)
        {
            ReadTravelPairs(reader, read);
        }

        return engine;
    }
}
