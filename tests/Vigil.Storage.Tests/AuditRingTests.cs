using System.Text;

namespace Vigil.Storage.Tests;

public sealed class AuditRingTests
{
    private const int Small = 64 * 1024;

    private static AuditAppend Record(int i, int padding = 0) =>
        new("d-" + i, i % 3 == 0 ? null : "user" + (i % 7), 1000 + i, Encoding.UTF8.GetBytes($$"""{"n":{{i}},"pad":"{{new string('x', padding)}}"}"""));

    private static List<StagedRecord> DrainAll(AuditRing ring)
    {
        var all = new List<StagedRecord>();
        while (true)
        {
            var batch = new List<StagedRecord>();
            long through = ring.Read(batch, 100);
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
            ring.Release(through);
        }
    }

    [Fact]
    public void Records_come_out_in_staging_order_with_their_content_across_many_laps()
    {
        using var dir = new TempDataDir();
        using var ring = AuditRing.Open(dir.Path, 0, out var pending, Small);
        Assert.Empty(pending);
        ring.Reset();
        var seen = new List<StagedRecord>();
        for (int i = 1; i <= 5_000; i++)
        {
            Assert.True(ring.TryStage(Record(i, i % 50), out long sequence));
            Assert.Equal(i, sequence);
            if (i % 37 == 0)
            {
                seen.AddRange(DrainAll(ring));
            }
        }

        seen.AddRange(DrainAll(ring));
        Assert.Equal(Enumerable.Range(1, 5_000).Select(i => (long)i), seen.Select(s => s.Sequence));
        for (int i = 1; i <= 5_000; i++)
        {
            var expected = Record(i, i % 50);
            var actual = seen[i - 1].Record;
            Assert.Equal((expected.DecisionId, expected.Subject, expected.TimeMs), (actual.DecisionId, actual.Subject, actual.TimeMs));
            Assert.Equal(expected.Record.ToArray(), actual.Record.ToArray());
        }

        Assert.Equal(0, ring.Used);
    }

    [Fact]
    public async Task Concurrent_writers_leave_no_copy_counted_so_dispose_does_not_wait_forever()
    {
        // Writers count themselves in under the ring's lock and out after their copy, outside it. Both must be atomic:
        // a lost update left the count above zero and Dispose waiting for a copy that had ended (a hung shutdown).
        using var dir = new TempDataDir();
        var ring = AuditRing.Open(dir.Path, 0, out _, 1 << 20);
        ring.Reset();
        using var stop = new CancellationTokenSource();
        var drainer = Task.Run(() =>
        {
            var batch = new List<StagedRecord>();
            while (!stop.IsCancellationRequested || ring.Used > 0)
            {
                batch.Clear();
                ring.Release(ring.Read(batch, 1_000));
            }
        });
        var record = Record(1);
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 1_000_000; i++)
            {
                while (!ring.TryStage(record, out long _))
                {
                    Thread.Yield();
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await drainer;

        Assert.Equal(0, ring.Copying);
        ring.Dispose();
    }

    [Fact]
    public void A_full_ring_refuses_until_the_drainer_releases_space()
    {
        using var dir = new TempDataDir();
        using var ring = AuditRing.Open(dir.Path, 0, out _, Small);
        ring.Reset();
        int staged = 0;
        while (ring.TryStage(Record(staged + 1, 200), out _))
        {
            staged++;
        }

        Assert.InRange(staged, 100, Small / 200);
        Assert.Equal(staged, DrainAll(ring).Count);
        Assert.True(ring.TryStage(Record(1, 200), out long next));
        Assert.Equal(staged + 1, next);
    }

    [Fact]
    public void After_a_crash_the_records_not_yet_moved_are_recovered_in_order()
    {
        using var dir = new TempDataDir();
        using (var ring = AuditRing.Open(dir.Path, 0, out _, Small))
        {
            ring.Reset();
            for (int i = 1; i <= 400; i++)
            {
                Assert.True(ring.TryStage(Record(i, 40), out _));
            }

            // 150 were moved into the database (the drainer released them), then the process died.
            var batch = new List<StagedRecord>();
            ring.Release(ring.Read(batch, 150));
            for (int i = 401; i <= 500; i++)
            {
                Assert.True(ring.TryStage(Record(i, 40), out _)); // these wrap past the end of the ring
            }
        }

        using var reopened = AuditRing.Open(dir.Path, 150, out var pending, Small);
        Assert.Equal(Enumerable.Range(151, 350).Select(i => (long)i), pending.Select(p => p.Sequence));
        Assert.Equal("d-500", pending[^1].Record.DecisionId);
        reopened.Reset();
        Assert.True(reopened.TryStage(Record(501), out long next));
        Assert.Equal(501, next);
    }

    [Fact]
    public void Recovery_skips_what_the_database_already_has_and_slots_that_fail_their_checksum()
    {
        using var dir = new TempDataDir();
        using (var ring = AuditRing.Open(dir.Path, 0, out _, Small))
        {
            ring.Reset();
            for (int i = 1; i <= 10; i++)
            {
                Assert.True(ring.TryStage(Record(i), out _));
            }
        }

        // The header's head was not advanced (the database commit of 1..4 happened just before the crash), and the
        // bytes of one record were damaged.
        string path = Path.Combine(dir.Path, AuditRing.FileName);
        byte[] bytes = File.ReadAllBytes(path);
        int at = IndexOf(bytes, Encoding.UTF8.GetBytes("\"n\":7"));
        bytes[at + 4] = (byte)'9';
        File.WriteAllBytes(path, bytes);

        using var reopened = AuditRing.Open(dir.Path, 4, out var pending, Small);
        Assert.Equal([5L, 6, 8, 9, 10], pending.Select(p => p.Sequence));
    }

    [Fact]
    public async Task Concurrent_writers_and_one_drainer_lose_and_duplicate_nothing()
    {
        using var dir = new TempDataDir();
        using var ring = AuditRing.Open(dir.Path, 0, out _, Small);
        ring.Reset();
        const int Writers = 4, PerWriter = 5_000;
        var drained = new List<StagedRecord>();
        using var done = new CancellationTokenSource();
        var drainer = Task.Run(() =>
        {
            while (!done.IsCancellationRequested || ring.Used > 0)
            {
                var batch = new List<StagedRecord>();
                long through = ring.Read(batch, 500);
                drained.AddRange(batch);
                ring.Release(through);
            }
        });
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < PerWriter; i++)
            {
                while (!ring.TryStage(Record(w * PerWriter + i, i % 30), out _))
                {
                    Thread.Yield();
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        await done.CancelAsync();
        await drainer;

        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(i => (long)i), drained.Select(d => d.Sequence));
        Assert.Equal(Writers * PerWriter, drained.Select(d => d.Record.DecisionId).Distinct().Count());
    }

    [Fact]
    public void A_second_service_on_the_same_data_directory_is_refused()
    {
        using var dir = new TempDataDir();
        using var ring = AuditRing.Open(dir.Path, 0, out _, Small);
        var ex = Assert.Throws<IOException>(() => AuditRing.Open(dir.Path, 0, out _, Small));
        Assert.Contains("another Vigil service", ex.Message, StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        throw new InvalidOperationException("not found");
    }
}
