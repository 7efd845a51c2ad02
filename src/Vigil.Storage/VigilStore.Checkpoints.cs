namespace Vigil.Storage;

/// <summary>Engine checkpoints: the learned state as of a journal sequence, so a restart replays only what came after.</summary>
public sealed partial class VigilStore
{
    /// <summary>How many checkpoints are kept; older ones are deleted when a new one is saved.</summary>
    public const int CheckpointsKept = 2;

    /// <summary>Saves a checkpoint covering the journal up to <paramref name="journalSequence"/>.</summary>
    public void SaveCheckpoint(long journalSequence, ReadOnlySpan<byte> data)
    {
        byte[] blob = data.ToArray();
        long now = NowMs;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var transaction = _writer.BeginTransaction();
            using (var insert = Command(_writer, "INSERT INTO checkpoints(journal_seq, created_ms, data) VALUES($j, $t, $d)", transaction))
            {
                insert.Parameters.AddWithValue("$j", journalSequence);
                insert.Parameters.AddWithValue("$t", now);
                insert.Parameters.AddWithValue("$d", blob);
                insert.ExecuteNonQuery();
            }

            using (var prune = Command(_writer, "DELETE FROM checkpoints WHERE id NOT IN (SELECT id FROM checkpoints ORDER BY id DESC LIMIT $k)", transaction))
            {
                prune.Parameters.AddWithValue("$k", CheckpointsKept);
                prune.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>The newest checkpoint, or null when none was saved.</summary>
    public CheckpointRecord? LatestCheckpoint()
    {
        using var connection = OpenReader();
        using var command = Command(connection, "SELECT journal_seq, created_ms, data FROM checkpoints ORDER BY id DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new CheckpointRecord(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)) : null;
    }
}
