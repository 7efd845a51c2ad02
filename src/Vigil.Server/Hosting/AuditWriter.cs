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
/// at the cost of one fsync of latency); otherwise it is fsynced at least every
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
        long lastFsync = Environment.TickCount64;
        bool unsynced = false;
        while (true)
        {
            if (unsynced)
            {
                // Committed but not yet fsynced: wait for more records at most until the fsync is due, then fsync.
                var more = reader.WaitToReadAsync().AsTask();
                long due = Math.Max(1, lastFsync + options.AuditFsyncIntervalMs - Environment.TickCount64);
                if (await Task.WhenAny(more, Task.Delay(TimeSpan.FromMilliseconds(due))).ConfigureAwait(false) != more)
                {
                    Write(records, waiting, fsync: true);
                    lastFsync = Environment.TickCount64;
                    unsynced = false;
                    continue;
                }

                if (!await more.ConfigureAwait(false))
                {
                    Write(records, waiting, fsync: true);
                    return;
                }
            }
            else if (!await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                return;
            }

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

            long now = Environment.TickCount64;
            bool fsync = options.Audit == AuditDurability.Fsynced || now - lastFsync >= options.AuditFsyncIntervalMs;
            Write(records, waiting, fsync);
            if (fsync)
            {
                lastFsync = now;
            }

            unsynced = !fsync;
        }
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
