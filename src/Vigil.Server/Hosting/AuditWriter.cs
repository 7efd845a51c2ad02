using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Writes decision records with group commit: concurrent requests' records are appended in one transaction, and
/// each answer waits until its record is committed, so no answered decision goes unaudited when the process dies.
/// With <see cref="AuditDurability.Fsynced"/> the commit is also fsynced before answering (power-loss safe,
/// at the cost of one fsync of latency); otherwise <see cref="WalCheckpointer"/> fsyncs it within
/// <see cref="ServerOptions.AuditFsyncIntervalMs"/> ms. The queue is bounded: when it is full, requests wait.
/// </summary>
internal sealed class AuditWriter(VigilStore store, ServerOptions options, ILogger<AuditWriter> logger) : IHostedService
{
    private const int MaxBatch = 8192;
    private const int MinBatch = 32;

    private readonly Channel<(AuditAppend Record, TaskCompletionSource? Done)> _queue =
        Channel.CreateBounded<(AuditAppend, TaskCompletionSource?)>(new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private Task? _loop;

    public Task AppendAsync(AuditAppend record)
    {
        if (options.Audit == AuditDurability.Async)
        {
            var queued = _queue.Writer.WriteAsync((record, null));
            return queued.IsCompletedSuccessfully ? Task.CompletedTask : queued.AsTask();
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = _queue.Writer.WriteAsync((record, done));
        return write.IsCompletedSuccessfully ? done.Task : WaitThenDone(write, done);
    }

    private static async Task WaitThenDone(ValueTask write, TaskCompletionSource done)
    {
        await write.ConfigureAwait(false);
        await done.Task.ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(Loop, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task Loop()
    {
        var records = new List<AuditAppend>(MaxBatch);
        var waiting = new List<TaskCompletionSource?>(MaxBatch);
        var reader = _queue.Reader;

        // Only the fsynced mode fsyncs here. Otherwise the WAL is fsynced off this path by WalCheckpointer (a
        // checkpoint syncs the WAL before copying it back), so no answer waits behind a periodic fsync.
        bool fsync = options.Audit == AuditDurability.Fsynced;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (reader.Count < MinBatch)
            {
                // Let the requests already running on the thread pool add their records first: one commit then
                // covers them all (a commit costs tens of microseconds; a yield costs a queue hop).
                await Task.Yield();
            }

            while (records.Count < MaxBatch && reader.TryRead(out var item))
            {
                records.Add(item.Record);
                waiting.Add(item.Done);
            }

            Write(records, waiting, fsync);
        }

        Write(records, waiting, fsync: true); // at shutdown: an empty fsyncing commit makes every record durable
    }

    private void Write(List<AuditAppend> records, List<TaskCompletionSource?> waiting, bool fsync)
    {
        try
        {
            store.AppendDecisions(records, fsync);
            foreach (var done in waiting)
            {
                done?.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.AuditFailed(logger, ex);
            foreach (var done in waiting)
            {
                done?.TrySetException(ex);
            }
        }

        records.Clear();
        waiting.Clear();
    }
}
