using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Writes decision records. A request copies its record into the <see cref="AuditRing"/> (a memory-mapped file:
/// durable against a crash or kill -9 the moment it is copied) and answers; one drainer thread moves staged records
/// into the database's hash-chained log in batches, in staging order, and frees their space. So the answer never
/// waits for a database commit, a thread hand-off or the disk, and the audit log still holds every answered
/// decision after a crash (the ring is recovered at start-up). With <see cref="AuditDurability.Fsynced"/> the answer
/// also waits until its record is committed with an fsync. When the ring is full (the disk has fallen behind by
/// tens of thousands of records), requests wait for space: no decision is answered without its record.
/// </summary>
internal sealed class AuditWriter(VigilStore store, ServerOptions options, ILogger<AuditWriter> logger) : IHostedService, IDisposable
{
    private const int MaxBatch = 8192;
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan CoalesceFor = TimeSpan.FromMilliseconds(10);
    private const int CoalesceBelow = 4096;

    private readonly ManualResetEventSlim _wake = new(false);
    private readonly Lock _waitersGate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _movedWaiters = [];
    private TaskCompletionSource _space = NewSignal();
    private AuditRing? _ring;
    private Thread? _drainer;
    private int _drainerIdle;
    private long _movedThrough;
    private volatile bool _stopping;
    private bool _drained;

    /// <summary>
    /// Stages a decision record; the task completes when the answer may go out (<see cref="AuditDurability"/>). The
    /// record's bytes are copied before this returns, so the caller may reuse its buffer.
    /// </summary>
    public Task AppendAsync(AuditAppend record)
    {
        var ring = _ring ?? throw new InvalidOperationException("The audit writer has not started.");
        if (!ring.TryStage(record, out long sequence))
        {
            // The caller's bytes may be a reused buffer: the slow path keeps its own copy across the wait.
            return StageWhenThereIsRoom(record with { Record = record.Record.ToArray() });
        }

        WakeDrainer();
        return options.Audit == AuditDurability.Fsynced ? MovedAfter(sequence) : Task.CompletedTask;
    }

    private async Task StageWhenThereIsRoom(AuditAppend record)
    {
        while (true)
        {
            var space = Volatile.Read(ref _space).Task; // taken before trying, so a release in between is not missed
            if (_ring!.TryStage(record, out long sequence))
            {
                WakeDrainer();
                if (options.Audit == AuditDurability.Fsynced)
                {
                    await MovedAfter(sequence).ConfigureAwait(false);
                }

                return;
            }

            ObjectDisposedException.ThrowIf(_stopping, this);
            WakeDrainer();
            await space.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes once every record staged before the call is in the database, so that a read of the audit log (a
    /// feedback's decision lookup, the identity view, the head) sees the decisions already answered. Milliseconds at most.
    /// </summary>
    public Task FlushAsync()
    {
        long staged = _ring?.LastStaged ?? 0;
        return staged == 0 || staged <= Volatile.Read(ref _movedThrough) ? Task.CompletedTask : MovedAfter(staged);
    }

    /// <summary>Completes once the record with staging <paramref name="sequence"/> is in the database (fsynced too in <see cref="AuditDurability.Fsynced"/> mode, where every batch is).</summary>
    private Task MovedAfter(long sequence)
    {
        var done = NewSignal();
        lock (_waitersGate)
        {
            if (sequence <= _movedThrough)
            {
                return Task.CompletedTask;
            }

            _movedWaiters.Add((sequence, done));
        }

        _wake.Set(); // also ends a pause between batches (Drain)
        return done.Task;
    }

    private void WakeDrainer()
    {
        if (Volatile.Read(ref _drainerIdle) == 1 && Interlocked.CompareExchange(ref _drainerIdle, 0, 1) == 1)
        {
            _wake.Set();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ring = AuditRing.Open(options.DataDirectory, store.AuditStagedThrough(), out var pending);
        if (pending.Count > 0)
        {
            // Answered before the process died, not yet in the database: moved in now, in staging order, before any new decision.
            store.AppendDecisions([.. pending.Select(p => p.Record)], waitForDisk: true, stagedThrough: pending[^1].Sequence);
            Log.AuditRecovered(logger, pending.Count);
        }

        _ring.Reset();
        _movedThrough = _ring.LastStaged;
        _drainer = new Thread(Drain) { IsBackground = true, Name = "vigil-audit-drainer" };
        _drainer.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _wake.Set();
        if (_drainer is null)
        {
            return Task.CompletedTask;
        }

        while (!_drainer.Join(TimeSpan.FromMilliseconds(100)))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // The database is not taking records (the drainer keeps retrying): what is left stays in the ring,
                // which is recovered at the next start. The ring stays mapped while the drainer may still touch it.
                Log.AuditDrainUnfinished(logger, _ring?.Used ?? 0);
                return Task.CompletedTask;
            }
        }

        _drained = true;
        store.AppendDecisions([], waitForDisk: true); // an empty fsyncing commit makes every moved record durable
        return Task.CompletedTask;
    }

    private void Drain()
    {
        BackgroundPriority.LowerCurrentThread(); // the answers come first (BackgroundPriority)
        var ring = _ring!;
        var staged = new List<StagedRecord>(MaxBatch);
        var records = new List<AuditAppend>(MaxBatch);
        bool fsync = options.Audit == AuditDurability.Fsynced;
        while (true)
        {
            staged.Clear();
            long through = ring.Read(staged, MaxBatch);
            if (staged.Count == 0)
            {
                if (_stopping && ring.Used == 0)
                {
                    return;
                }

                Idle(ring, staged, ref through);
                if (staged.Count == 0)
                {
                    continue;
                }
            }

            records.Clear();
            foreach (var s in staged)
            {
                records.Add(s.Record);
            }

            try
            {
                store.AppendDecisions(records, fsync, staged[^1].Sequence);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The records stay in the ring (the transaction rolled back) and are tried again: none is dropped.
                Log.AuditFailed(logger, ex);
                Thread.Sleep(RetryAfterFailure);
                continue;
            }

            ring.Release(through);
            CompleteMoved(staged[^1].Sequence);
            Interlocked.Exchange(ref _space, NewSignal()).TrySetResult();
            if (!fsync && staged.Count < CoalesceBelow && !_stopping)
            {
                // No answer waits for this thread: letting records gather turns many small commits into one. Each
                // commit writes the table's and the index's last pages and the watermark rows to the WAL again (four
                // or more 4 KB pages), so fewer, larger commits write less; the drainer's CPU per record fell by about
                // a tenth from a 2 ms to a 10 ms pause (docs/benchmarks-server.md). A reader waiting for the records
                // (feedback, identity view) ends the pause: the reset comes before the check, so its wake-up is not lost.
                _wake.Reset();
                if (!AnyoneWaiting())
                {
                    _wake.Wait(CoalesceFor);
                }
            }
        }
    }

    private bool AnyoneWaiting()
    {
        lock (_waitersGate)
        {
            return _movedWaiters.Count > 0;
        }
    }

    /// <summary>Sleeps until a writer stages something (or briefly, as a safety net), re-reading once after saying so.</summary>
    private void Idle(AuditRing ring, List<StagedRecord> staged, ref long through)
    {
        Interlocked.Exchange(ref _drainerIdle, 1);
        through = ring.Read(staged, MaxBatch); // staged between the first read and the flag: not missed
        if (staged.Count == 0 && !_stopping)
        {
            _wake.Wait(IdleWait);
        }

        _wake.Reset();
        Interlocked.Exchange(ref _drainerIdle, 0);
    }

    private void CompleteMoved(long through)
    {
        lock (_waitersGate)
        {
            Volatile.Write(ref _movedThrough, through);
            for (int i = _movedWaiters.Count - 1; i >= 0; i--)
            {
                if (_movedWaiters[i].Sequence <= through)
                {
                    _movedWaiters[i].Done.TrySetResult();
                    _movedWaiters.RemoveAt(i);
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        if (_drainer is null || _drained)
        {
            _ring?.Dispose();
            _wake.Dispose();
        }
    }
}
