using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Checkpoints the SQLite WAL every <see cref="ServerOptions.AuditFsyncIntervalMs"/> ms on its own connection, so no
/// request's commit pays for it. A checkpoint fsyncs the WAL before copying it into the database
/// (sqlite.org/wal.html#checkpointing), which is what makes decision records committed without an fsync durable
/// against power loss within that interval. Once a second, before a checkpoint, it brings the audit log's subject
/// index up to date (<see cref="VigilStore.IndexAuditSubjects"/>), which is kept off the decision path for the same
/// reason. A pass writes about one page per subject that had decisions since the last one: passes every 100 ms cost
/// 1.5 us per decision at 200 subjects under load, passes every second about half that (docs/storage.md), and a read
/// of a subject's recent decisions scans at most a second of log that the index does not cover yet.
/// It runs on a thread of its own: the fsync blocks for milliseconds, and a blocked thread-pool thread is one of the
/// two that answer requests on a 2-core machine (that was a visible share of the p99, docs/benchmarks-server.md).
/// </summary>
internal sealed class WalCheckpointer(VigilStore store, ServerOptions options, ILogger<WalCheckpointer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan IndexEvery = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil-wal-checkpointer" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        _thread?.Join();
        return Task.CompletedTask;
    }

    private void Run()
    {
        BackgroundPriority.LowerCurrentThread(); // the answers come first (BackgroundPriority)
        var interval = TimeSpan.FromMilliseconds(options.AuditFsyncIntervalMs);
        using var timer = new PeriodicTimer(interval, options.Time);
        int ticksPerIndex = Math.Max(1, (int)(IndexEvery / interval));
        int tick = 0;
        try
        {
            // Waiting synchronously keeps the work below on this thread (an await would resume on the thread pool).
            while (timer.WaitForNextTickAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
            {
                try
                {
                    if (++tick >= ticksPerIndex)
                    {
                        tick = 0;
                        store.IndexAuditSubjects();
                    }

                    store.CheckpointWal();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                {
                    Log.CheckpointFailed(logger, ex); // the next tick tries again; SQLite's automatic checkpoint is the backstop
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();
}
