using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Writes decision records with group commit: concurrent requests' records are appended in one transaction (one
/// fsync), and each request's answer waits until its record is on disk, so no answered decision goes unaudited.
/// The queue is bounded: when it is full, requests wait rather than memory growing.
/// </summary>
internal sealed class AuditWriter(VigilStore store, ILogger<AuditWriter> logger) : IHostedService
{
    private const int MaxBatch = 8192;

    private readonly Channel<(AuditAppend Record, TaskCompletionSource? Done)> _queue =
        Channel.CreateBounded<(AuditAppend, TaskCompletionSource?)>(new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private Task? _loop;

    public Task AppendAsync(AuditAppend record)
    {
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
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (records.Count < MaxBatch && reader.TryRead(out var item))
            {
                records.Add(item.Record);
                waiting.Add(item.Done);
            }

            try
            {
                store.AppendDecisions(records);
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
}
