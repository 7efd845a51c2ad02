using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Identities the engine evicted from memory (issue 11, defect 3), in their checkpoint form. Each eviction is a new
/// row tagged with the journal sequence it was made at, and a lookup takes the newest row at or before the sequence
/// being applied: a restart that restores an older checkpoint (or none) and replays the journal then finds exactly
/// the state the identity had at that point of the journal, never a later one. An identity evicted again prunes its
/// own rows that no restart can read any more: those older than its newest row at or before the oldest kept
/// checkpoint (every restart starts at or after that checkpoint, so it reads that row or a newer one). So the table
/// holds at most the rows since the oldest kept checkpoint plus one per identity ever evicted.
/// </summary>
public sealed partial class VigilStore
{
    /// <summary>Stores evicted identities as of <paramref name="journalSequence"/>, in one fsynced transaction.</summary>
    public void SaveEvicted(long journalSequence, IReadOnlyCollection<(string Tenant, string Id, byte[] State)> identities)
    {
        ArgumentNullException.ThrowIfNull(identities);
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var transaction = _writer.BeginTransaction();
            using var insert = Command(_writer, "INSERT OR REPLACE INTO evicted_identities(tenant, id, seq, state) VALUES($t, $i, $s, $d)", transaction);
            var tenant = insert.Parameters.Add("$t", SqliteType.Text);
            var id = insert.Parameters.Add("$i", SqliteType.Text);
            insert.Parameters.AddWithValue("$s", journalSequence);
            var state = insert.Parameters.Add("$d", SqliteType.Blob);
            using var kept = Command(_writer, "SELECT COALESCE((SELECT min(journal_seq) FROM (SELECT journal_seq FROM checkpoint_sets WHERE complete = 1 ORDER BY id DESC LIMIT $n)), 0)", transaction);
            kept.Parameters.AddWithValue("$n", CheckpointsKept);
            long oldestKept = (long)kept.ExecuteScalar()!;
            using var prune = Command(_writer,
                "DELETE FROM evicted_identities WHERE tenant = $t AND id = $i AND seq < (SELECT max(seq) FROM evicted_identities WHERE tenant = $t AND id = $i AND seq <= $k)",
                transaction);
            var pruneTenant = prune.Parameters.Add("$t", SqliteType.Text);
            var pruneId = prune.Parameters.Add("$i", SqliteType.Text);
            prune.Parameters.AddWithValue("$k", oldestKept);
            foreach (var (t, i, d) in identities)
            {
                (tenant.Value, id.Value, state.Value) = (t, i, d);
                insert.ExecuteNonQuery();
                if (oldestKept > 0)
                {
                    (pruneTenant.Value, pruneId.Value) = (t, i);
                    prune.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
    }

    /// <summary>The newest evicted state of the identity stored at or before <paramref name="journalSequence"/>, or null.</summary>
    public byte[]? LoadEvicted(string tenant, string id, long journalSequence)
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT state FROM evicted_identities WHERE tenant = $t AND id = $i AND seq <= $s ORDER BY seq DESC LIMIT 1");
        command.Parameters.AddWithValue("$t", tenant);
        command.Parameters.AddWithValue("$i", id);
        command.Parameters.AddWithValue("$s", journalSequence);
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>Whether any identity was ever evicted (without counting the rows).</summary>
    public bool AnyEvicted()
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT EXISTS(SELECT 1 FROM evicted_identities)");
        return (long)command.ExecuteScalar()! != 0;
    }

    /// <summary>How many evicted-identity rows are stored (for tests and operators).</summary>
    public long EvictedRows()
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT count(*) FROM evicted_identities");
        return (long)command.ExecuteScalar()!;
    }
}
