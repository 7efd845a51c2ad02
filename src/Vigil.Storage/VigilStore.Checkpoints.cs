using Microsoft.Data.Sqlite;

namespace Vigil.Storage;

/// <summary>
/// Engine checkpoints: the learned state as of a journal sequence, so a restart replays only what came after. The
/// bytes are streamed into <c>checkpoint_chunks</c> rows of at most <see cref="CheckpointChunkBytes"/> each, so a
/// checkpoint has no size ceiling (one blob could not pass SQLite's 1e9-byte limit, issue 11 defect 2) and is never
/// held in memory whole. Each chunk is its own short transaction, so ingestion commits interleave with a long
/// checkpoint instead of waiting for it; the checkpoint counts only once the final transaction marks it complete.
/// </summary>
public sealed partial class VigilStore
{
    /// <summary>How many checkpoints are kept; older ones are deleted when a new one is saved.</summary>
    public const int CheckpointsKept = 2;

    /// <summary>Largest chunk row, bytes: far below SQLite's blob limit, large enough that a multi-GB checkpoint is a few hundred rows.</summary>
    public const int CheckpointChunkBytes = 4 << 20;

    private readonly Lock _checkpointGate = new();

    /// <summary>Saves a checkpoint covering the journal up to <paramref name="journalSequence"/>.</summary>
    public void SaveCheckpoint(long journalSequence, ReadOnlySpan<byte> data)
    {
        byte[] copy = data.ToArray();
        SaveCheckpoint(journalSequence, stream => stream.Write(copy));
    }

    /// <summary>
    /// Saves a checkpoint covering the journal up to <paramref name="journalSequence"/>, its bytes written by
    /// <paramref name="write"/> to a stream that stores them chunk by chunk. When <paramref name="write"/> or a write
    /// throws, the partial checkpoint is removed and the exception propagates; the previous checkpoints stay.
    /// </summary>
    public void SaveCheckpoint(long journalSequence, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_checkpointGate)
        {
            long id = BeginCheckpoint(journalSequence);
            try
            {
                long bytes;
                using (var stream = new CheckpointChunkWriter(chunk => AppendCheckpointChunk(id, chunk)))
                {
                    write(stream);
                    stream.Flush();
                    bytes = stream.Length;
                }

                CompleteCheckpoint(id, bytes);
            }
            catch
            {
                TryRemoveIncompleteCheckpoints();
                throw;
            }
        }
    }

    /// <summary>The newest complete checkpoint, or null when none was saved.</summary>
    public CheckpointRecord? LatestCheckpoint()
    {
        using var connection = OpenReader();
        using (var command = Command(connection, "SELECT id, journal_seq, created_ms, bytes FROM checkpoint_sets WHERE complete = 1 ORDER BY id DESC LIMIT 1"))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                return new CheckpointRecord(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)) { Id = reader.GetInt64(0) };
            }
        }

        // Databases written before chunked checkpoints keep theirs in one blob; it is read until a new one replaces it.
        using var legacy = Command(connection, "SELECT id, journal_seq, created_ms, length(data) FROM checkpoints ORDER BY id DESC LIMIT 1");
        using var old = legacy.ExecuteReader();
        return old.Read() ? new CheckpointRecord(old.GetInt64(1), old.GetInt64(2), old.GetInt64(3)) { Id = old.GetInt64(0), Legacy = true } : null;
    }

    /// <summary>
    /// The bytes of <paramref name="checkpoint"/>, read a chunk at a time on a connection of its own; dispose it when
    /// done. The read is one SQLite read transaction, so a checkpoint saved meanwhile does not disturb it.
    /// </summary>
    public Stream OpenCheckpoint(CheckpointRecord checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var connection = OpenReader();
        try
        {
            var command = Command(connection, checkpoint.Legacy
                ? "SELECT data FROM checkpoints WHERE id = $id"
                : "SELECT data FROM checkpoint_chunks WHERE checkpoint_id = $id ORDER BY id");
            command.Parameters.AddWithValue("$id", checkpoint.Id);
            return new CheckpointChunkReader(connection, command);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private long BeginCheckpoint(long journalSequence)
    {
        long now = NowMs;
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: false);
            using var transaction = _writer.BeginTransaction();
            DeleteIncompleteCheckpoints(transaction); // left by a process that stopped mid-checkpoint
            using var insert = Command(_writer, "INSERT INTO checkpoint_sets(journal_seq, created_ms, bytes, complete) VALUES($j, $t, 0, 0) RETURNING id", transaction);
            insert.Parameters.AddWithValue("$j", journalSequence);
            insert.Parameters.AddWithValue("$t", now);
            long id = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return id;
        }
    }

    private void AppendCheckpointChunk(long checkpointId, ReadOnlyMemory<byte> chunk)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Not fsynced: nothing counts on a chunk until CompleteCheckpoint's FULL commit, which fsyncs the WAL with it.
            Sync(full: false);
            using var transaction = _writer.BeginTransaction();
            using var insert = Command(_writer, "INSERT INTO checkpoint_chunks(checkpoint_id, data) VALUES($c, $d)", transaction);
            insert.Parameters.AddWithValue("$c", checkpointId);
            insert.Parameters.Add("$d", SqliteType.Blob, chunk.Length).Value = chunk.ToArray();
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private void CompleteCheckpoint(long id, long bytes)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Sync(full: true);
            using var transaction = _writer.BeginTransaction();
            using (var complete = Command(_writer, "UPDATE checkpoint_sets SET complete = 1, bytes = $b WHERE id = $id", transaction))
            {
                complete.Parameters.AddWithValue("$b", bytes);
                complete.Parameters.AddWithValue("$id", id);
                complete.ExecuteNonQuery();
            }

            using (var prune = Command(_writer, """
                DELETE FROM checkpoint_sets WHERE id NOT IN (SELECT id FROM checkpoint_sets WHERE complete = 1 ORDER BY id DESC LIMIT $k);
                DELETE FROM checkpoint_chunks WHERE checkpoint_id NOT IN (SELECT id FROM checkpoint_sets);
                DELETE FROM checkpoints;
                """, transaction))
            {
                prune.Parameters.AddWithValue("$k", CheckpointsKept);
                prune.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private void DeleteIncompleteCheckpoints(SqliteTransaction transaction)
    {
        using var delete = Command(_writer, """
            DELETE FROM checkpoint_chunks WHERE checkpoint_id IN (SELECT id FROM checkpoint_sets WHERE complete = 0);
            DELETE FROM checkpoint_sets WHERE complete = 0;
            """, transaction);
        delete.ExecuteNonQuery();
    }

    private void TryRemoveIncompleteCheckpoints()
    {
        try
        {
            lock (_writeGate)
            {
                if (_disposed)
                {
                    return;
                }

                using var transaction = _writer.BeginTransaction();
                DeleteIncompleteCheckpoints(transaction);
                transaction.Commit();
            }
        }
        catch (SqliteException)
        {
            // The next checkpoint removes them (BeginCheckpoint); the original failure is what the caller must see.
        }
    }
}
