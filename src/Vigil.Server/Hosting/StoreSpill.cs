using Vigil.Core.Engine;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// The engine's spill for evicted identities, in the store. Evictions are buffered and written in one transaction
/// by <see cref="Flush"/> (one fsync per checkpoint, not per identity); until then a lookup finds them in the
/// buffer, so an assessment never sees an evicted identity as unknown. A lookup from the store takes the newest
/// state at or before the journal position the engine has applied (see <see cref="VigilStore.LoadEvicted"/>).
/// </summary>
internal sealed class StoreSpill(VigilStore store, Func<long> appliedSequence) : IIdentitySpill
{
    private readonly Dictionary<(string Tenant, string Id), byte[]> _pending = [];

    public void Save(string tenant, string identityId, byte[] state)
    {
        lock (_pending)
        {
            _pending[(tenant, identityId)] = state;
        }
    }

    public byte[]? Load(string tenant, string identityId)
    {
        lock (_pending)
        {
            if (_pending.TryGetValue((tenant, identityId), out var state))
            {
                return state;
            }
        }

        return store.LoadEvicted(tenant, identityId, appliedSequence());
    }

    /// <summary>Writes the buffered evictions as of <paramref name="journalSequence"/>; on failure they stay buffered for the next try.</summary>
    public void Flush(long journalSequence)
    {
        (string, string, byte[])[] rows;
        lock (_pending)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            rows = [.. _pending.Select(p => (p.Key.Tenant, p.Key.Id, p.Value))];
        }

        store.SaveEvicted(journalSequence, rows);
        lock (_pending)
        {
            foreach (var (tenant, id, state) in rows)
            {
                // Only what was written: an identity evicted again meanwhile keeps its newer state buffered.
                if (_pending.TryGetValue((tenant, id), out var current) && ReferenceEquals(current, state))
                {
                    _pending.Remove((tenant, id));
                }
            }
        }
    }
}
