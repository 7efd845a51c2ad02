using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Server.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Tests.Audit;

public sealed class AuditWriterTests
{
    private static AuditAppend Record(int i) => new("d-" + i, "alice", i, Encoding.UTF8.GetBytes($$"""{"decision_id":"d-{{i}}","time_ms":{{i}},"subject_id":"alice"}"""));

    [Fact]
    public async Task Records_answered_but_not_moved_before_a_crash_are_moved_in_order_at_start()
    {
        string dir = TempDir.Create();
        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            store.AppendDecisions([Record(1)]); // written the old way, before the ring
        }

        using (var ring = AuditRing.Open(dir, 0, out _))
        {
            ring.Reset();
            for (int i = 2; i <= 6; i++)
            {
                Assert.True(ring.TryStage(Record(i), out _)); // staged and answered; the process dies before the drainer moves them
            }
        }

        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            var writer = new AuditWriter(store, new ServerOptions { DataDirectory = dir }, NullLogger<AuditWriter>.Instance);
            await writer.StartAsync(CancellationToken.None);
            Assert.Equal(["d-1", "d-2", "d-3", "d-4", "d-5", "d-6"], store.ReadAuditLog(0).Select(r => r.DecisionId));

            await writer.AppendAsync(Record(7));
            await writer.FlushAsync();
            Assert.Equal(7, store.AuditCount());
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
        }

        Assert.True(AuditVerifier.Verify(dir).Valid);

        // A second start finds nothing left to move: the database recorded how far the ring had come.
        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            var writer = new AuditWriter(store, new ServerOptions { DataDirectory = dir }, NullLogger<AuditWriter>.Instance);
            await writer.StartAsync(CancellationToken.None);
            Assert.Equal(7, store.AuditCount());
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
        }
    }
}
