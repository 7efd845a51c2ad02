using Microsoft.Extensions.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Checkpoints the SQLite WAL every <see cref="ServerOptions.AuditFsyncIntervalMs"/> ms on its own connection, so no
/// request's commit pays for it. A checkpoint fsyncs the WAL before copying it into the database
/// (sqlite.org/wal.html#checkpointing), which is what makes decision records committed without an fsync durable
/// against power loss within that interval. Before each checkpoint it brings the audit log's subject index up to
/// date (<see cref="VigilStore.IndexAuditSubjects"/>), which is kept off the decision path for the same reason.
/// </summary>
internal sealed class WalCheckpointer(VigilStore store, ServerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.AuditFsyncIntervalMs), options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                store.IndexAuditSubjects();
                store.CheckpointWal();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
