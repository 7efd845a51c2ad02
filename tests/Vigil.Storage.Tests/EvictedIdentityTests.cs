namespace Vigil.Storage.Tests;

/// <summary>
/// Evicted identities (issue 11, defect 3): a lookup reads the newest state at or before the journal position, and an
/// identity evicted again prunes only the rows no restart from a kept checkpoint can read.
/// </summary>
public sealed class EvictedIdentityTests
{
    private static byte[] State(byte value) => [value, value, value];

    [Fact]
    public void SaveEvicted_AgainAfterCheckpoints_PrunesOnlyRowsNoRestartCanRead()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.SaveEvicted(10, [("t", "x", State(1)), ("t", "y", State(9))]);
        store.SaveEvicted(20, [("t", "x", State(2))]);
        Assert.Equal(3, store.EvictedRows()); // no checkpoint yet: a restart replays from the start and may read any row

        store.SaveCheckpoint(30, new byte[] { 1 });
        store.SaveCheckpoint(40, new byte[] { 2 }); // kept: 30 and 40
        store.SaveEvicted(50, [("t", "x", State(5))]);

        // Row 10 of x is superseded by row 20, which is at or before the oldest kept checkpoint (30): gone. Row 20 is what
        // a restart from checkpoint 30 reads; row 50 is the newest. y was not evicted again and keeps its row.
        Assert.Equal(3, store.EvictedRows());
        Assert.Null(store.LoadEvicted("t", "x", 15));
        Assert.Equal(State(2), store.LoadEvicted("t", "x", 35));
        Assert.Equal(State(5), store.LoadEvicted("t", "x", 60));
        Assert.Equal(State(9), store.LoadEvicted("t", "y", 60));
    }
}
