using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Tests;

public sealed class CheckpointTests
{
    public static byte[] ReadAll(VigilStore store, CheckpointRecord checkpoint)
    {
        using var stream = store.OpenCheckpoint(checkpoint);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [Fact]
    public void SaveCheckpoint_ManyChunks_ReadsBackTheSameBytes()
    {
        using var dir = new TempDataDir();
        byte[] data = new byte[(VigilStore.CheckpointChunkBytes * 2) + 12_345];
        new Random(7).NextBytes(data);
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            // Written in odd-sized pieces, as a BinaryWriter does, so chunk edges fall inside writes.
            store.SaveCheckpoint(42, stream =>
            {
                for (int at = 0; at < data.Length; at += 1_000)
                {
                    stream.Write(data.AsSpan(at, Math.Min(1_000, data.Length - at)));
                }
            });
        }

        using var reopened = VigilStore.Open(dir.Path, TimeProvider.System);
        var latest = reopened.LatestCheckpoint()!;
        Assert.Equal(42, latest.JournalSequence);
        Assert.Equal(data.Length, latest.Bytes);
        Assert.Equal(data, ReadAll(reopened, latest));
    }

    [Fact]
    public void SaveCheckpoint_WriterThrowsHalfway_KeepsThePreviousAndLeavesNoChunks()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.SaveCheckpoint(10, [1, 2, 3]);

        Assert.Throws<IOException>(() => store.SaveCheckpoint(20, stream =>
        {
            stream.Write(new byte[VigilStore.CheckpointChunkBytes + 1]); // one chunk stored before the failure
            throw new IOException("disk full");
        }));

        var latest = store.LatestCheckpoint()!;
        Assert.Equal(10, latest.JournalSequence);
        Assert.Equal([1, 2, 3], ReadAll(store, latest));
        Assert.Equal(1L, Scalar(store, "SELECT count(*) FROM checkpoint_chunks"));

        store.SaveCheckpoint(30, [4]);
        Assert.Equal([4], ReadAll(store, store.LatestCheckpoint()!));
    }

    [Fact]
    public void LatestCheckpoint_LegacyOneBlobCheckpoint_IsReadUntilANewOneReplacesIt()
    {
        using var dir = new TempDataDir();
        using (VigilStore.Open(dir.Path, TimeProvider.System))
        {
        }

        // A database written before chunked checkpoints: the whole state in one blob of the old table.
        Execute(dir.Path, "INSERT INTO checkpoints(journal_seq, created_ms, data) VALUES(7, 1, x'0A0B0C')");
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var legacy = store.LatestCheckpoint()!;
        Assert.Equal(7, legacy.JournalSequence);
        Assert.Equal([0x0A, 0x0B, 0x0C], ReadAll(store, legacy));

        store.SaveCheckpoint(9, [1]);
        Assert.Equal(9, store.LatestCheckpoint()!.JournalSequence);
        Assert.Equal(0L, Scalar(store, "SELECT count(*) FROM checkpoints"));
    }

    [Fact]
    public void SaveCheckpoint_AfterACrashMidCheckpoint_RemovesTheLeftoverChunks()
    {
        using var dir = new TempDataDir();
        using (VigilStore.Open(dir.Path, TimeProvider.System))
        {
        }

        // What a kill -9 during a checkpoint leaves: a set never marked complete, with some of its chunks.
        Execute(dir.Path, "INSERT INTO checkpoint_sets(id, journal_seq, created_ms, bytes, complete) VALUES(5, 100, 1, 0, 0); INSERT INTO checkpoint_chunks(checkpoint_id, data) VALUES(5, x'FF')");
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Null(store.LatestCheckpoint());

        store.SaveCheckpoint(50, [2]);
        Assert.Equal(50, store.LatestCheckpoint()!.JournalSequence);
        Assert.Equal(1L, Scalar(store, "SELECT count(*) FROM checkpoint_chunks"));
    }

    private static void Execute(string dataDir, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, VigilStore.FileName), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(VigilStore store, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.Path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
