using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Feedback;
using Vigil.Core.Pipeline;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>
/// Owns the engine. Every learning step (events, feedback) is journaled first and then applied by one writer in
/// journal order, so the engine's state is a pure function of the journal: a restart restores the last checkpoint
/// and replays the journal after it, and scores continue exactly as if nothing happened. Assessments (no learning)
/// run concurrently on request threads. A checkpoint that cannot be written is logged and tried again later; the
/// writer keeps applying. Should the writer itself stop (an exception out of the engine, e.g. out of memory), the
/// service turns not ready and fails waiting and new work at once instead of letting it hang (issue 11, defect 2).
/// </summary>
internal sealed class EngineHost : IHostedService, IDisposable
{
    private readonly ServerOptions _options;
    private readonly VigilStore _store;
    private readonly ILogger<EngineHost> _logger;

    /// <summary>
    /// Most ingested entries in one journal transaction: an observed decision waits for at most one such transaction.
    /// 250 rather than 2,000 halved its median wait while ingesting at full speed (25 to 11 ms) at no measurable cost
    /// to ingestion (docs/benchmarks-server.md).
    /// </summary>
    private const int MaxBulkCommit = 250;

    private readonly Channel<PendingAppend> _commits = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EcsEventReader _replayReader = new();
    private readonly IEventEnricher _enricher;
    private readonly StoreSpill? _spill;
    private VigilEngine _engine;
    private DecisionPipeline _pipeline; // the engine above with the service's enrichment: replaced with it on recovery
    private Task? _writer;
    private Task? _committer;
    private readonly SemaphoreSlim _writerTurn = new(1, 1);
    private readonly SemaphoreSlim _commitTurn = new(1, 1);
    private long _pending;
    private long _applied;
    private long _handedOff; // the last journal sequence handed to the writer
    private readonly Lock _caughtUpGate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _caughtUpWaiters = [];
    private int _caughtUpWaiterCount;
    private long _sinceCheckpoint;
    private int _sinceEvictionCheck;
    private const int EvictionCheckEvery = 1_000;

    /// <summary>
    /// The writer and the committer run on the thread pool and give their thread back after this many entries (the
    /// committer after every transaction): while a shipper ingests at full speed both always have work, and on two
    /// cores, where the pool starts with two threads, two loops that never yield leave requests queued until the pool
    /// adds threads (about two a second), which is what an observed decision waited for while ingesting.
    /// </summary>
    private const int YieldEvery = 256;
    private long _checkpointDue;
    private volatile bool _started;
    private volatile bool _writerStopped;
    private readonly Vigil.Language.MiniLmTextEmbedder? _embedder;

    // The journal's staging ring: an observed request is answered once its entry is copied here (durable against a
    // crash or kill -9), not once it is committed; the committer commits and releases staged entries in staging order.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMilliseconds(100);
    private AuditRing? _observedRing;
    private readonly Lock _stageGate = new(); // staging order is commit order, so the journal records one watermark
    private long _lastStaged;                 // the ring sequence of the last staged entry
    private long _journaledStaged;            // every staged entry up to this ring sequence is committed
    private readonly Lock _journaledGate = new();
    private readonly List<(long Sequence, TaskCompletionSource Done)> _journaledWaiters = [];

    public EngineHost(ServerOptions options, VigilStore store, IEventEnricher enricher, VigilMetrics metrics, ILogger<EngineHost> logger)
    {
        _options = options;
        _enricher = enricher;
        _store = store;
        _logger = logger;
        // Without a cap and without evicted rows, no lookup of an unknown subject has to ask the store.
        _spill = options.Engine.MaxIdentitiesPerTenant > 0 || store.AnyEvicted() ? new StoreSpill(store, () => Interlocked.Read(ref _applied)) : null;
        options.Engine = SupervisedModels.Resolve(options.Engine, options.SupervisedModel, store); // before any engine is made, restored ones too
        _embedder = LanguageModels.Create(options.LanguageModel, options.Time);
        if (_embedder is not null)
        {
            options.Engine = options.Engine with { TextEmbedder = _embedder };
        }
        _engine = new VigilEngine(options.Engine) { Spill = _spill };
        _pipeline = new DecisionPipeline(_engine, _enricher);
        _checkpointDue = options.CheckpointEveryEntries;
        metrics.ObserveQueueDepth(() => Interlocked.Read(ref _pending));
    }

    public VigilEngine Engine => _engine;

    public long Pending => Interlocked.Read(ref _pending);

    public long AppliedSequence => Interlocked.Read(ref _applied);

    /// <summary>Recovery finished and the writer is running: the service can learn what it is asked to.</summary>
    public bool Ready => _started && !_writerStopped;

    /// <summary>The writer stopped on an unexpected failure; nothing more is applied until a restart.</summary>
    public bool WriterStopped => _writerStopped;

    /// <summary>How many reads wait for the writer to catch up (<see cref="WhenCaughtUpAsync"/>); for tests.</summary>
    internal int CaughtUpWaiters => Volatile.Read(ref _caughtUpWaiterCount);

    /// <summary>How many wait for staged observed requests to be journaled (<see cref="WhenObservedJournaledAsync"/>); for tests.</summary>
    internal int ObservedJournaledWaiters
    {
        get
        {
            lock (_journaledGate)
            {
                return _journaledWaiters.Count;
            }
        }
    }

    /// <summary>Test seam: runs before each entry is applied, so a test can make the writer fail as an out-of-memory would.</summary>
    internal Action<long>? BeforeApply { get; set; }

    /// <summary>
    /// Runs on the writer after each event is learned, with its assessment; set once recovery is over, so replayed
    /// events never reach it. The Shared Signals transmitter watches identity risk bands here (issue 16); it must return
    /// at once (it hands work to its own thread).
    /// </summary>
    internal Action<TelemetryEvent, RiskAssessment>? Learned { get; set; }

    /// <summary>
    /// Runs on the writer after each event is learned, with the enriched event and its journal sequence; set once
    /// recovery is over. The alert queue watches scores here (docs/alerts.md); it must return at once.
    /// </summary>
    internal ScoredHandler? Scored { get; set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        OpenObservedRing();
        Recover();
        // On the thread pool, not threads of their own: measured, dedicated threads woken per commit cost an observed
        // decision more in context switches than they saved (paced p99 28 ms against 13 ms, docs/benchmarks-server.md).
        _writer = Task.Run(WriterLoop, CancellationToken.None);
        _committer = Task.Run(CommitLoop, CancellationToken.None);
        _started = true;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _started = false;
        _commits.Writer.TryComplete();
        if (_committer is not null)
        {
            await _committer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
            Checkpoint();
        }
    }

    /// <summary>Reserves room for <paramref name="count"/> entries; false when the queue is full (the caller answers 429).</summary>
    public bool TryReserve(int count)
    {
        ThrowIfWriterStopped();
        if (Interlocked.Add(ref _pending, count) > _options.MaxQueueDepth)
        {
            Interlocked.Add(ref _pending, -count);
            Log.Overloaded(_logger, Pending, _options.MaxQueueDepth);
            return false;
        }

        return true;
    }

    public void Release(int count) => Interlocked.Add(ref _pending, -count);

    /// <summary>
    /// Journals events and queues the new ones for the writer; completes once they are durable. The caller has
    /// reserved <c>appends.Count</c>; duplicates are released here. Concurrent requests share one transaction and
    /// one fsync (group commit), in arrival order. A pull connector's <paramref name="cursor"/> is saved in the
    /// transaction that commits the last of these entries, so the page and its cursor are durable together.
    /// </summary>
    public async Task<AppendResult[]> AppendEventsAsync(IReadOnlyList<JournalAppend> appends, IReadOnlyList<TelemetryEvent> events, ConnectorCursor? cursor = null)
    {
        if (_writerStopped)
        {
            Release(appends.Count);
            ThrowIfWriterStopped();
        }

        var pending = new PendingAppend(appends, events, urgent: false, cursor);
        if (!_commits.Writer.TryWrite(pending))
        {
            Release(appends.Count);
            throw new InvalidOperationException("The service is shutting down.");
        }

        var results = await pending.Done.Task.ConfigureAwait(false);
        Release(results.Count(r => r.Duplicate));
        return results;
    }

    /// <summary>
    /// Journals one observed access request for the writer to learn, ahead of queued ingestion; completes once the
    /// entry is in the journal, not once it is learned: the decision was already made from <see cref="Assess"/>, and
    /// must not wait for other events' learning (a shipper's backlog). False when its id was already journaled.
    /// </summary>
    public async Task<AppendResult> JournalObservedAsync(JournalAppend append, TelemetryEvent request)
    {
        ThrowIfWriterStopped();
        Interlocked.Increment(ref _pending);
        var pending = new PendingAppend([append], [request], urgent: true);
        if (!_commits.Writer.TryWrite(pending))
        {
            Release(1);
            throw new InvalidOperationException("The service is shutting down.");
        }

        var result = (await pending.Done.Task.ConfigureAwait(false))[0];
        if (result.Duplicate)
        {
            Release(1);
        }

        return result;
    }

    /// <summary>
    /// Stages one observed access request in the journal's ring and queues it for the committer, so its decision is
    /// answered without waiting for the journal commit, a thread hand-off or other events' learning: the copy in the
    /// memory-mapped ring survives a crash or kill -9 the moment it is made, and a restart journals what the commit had
    /// not yet reached before it replays the journal. The committer journals staged entries ahead of ingestion and in
    /// staging order; feedback and read-your-writes reads wait for that (<see cref="WhenObservedJournaledAsync"/>).
    /// False when the entry must be journaled the waiting way instead (<see cref="JournalObservedAsync"/>): with
    /// --journal-fsync (the ring is not fsynced), or while the ring is full.
    /// </summary>
    public bool TryStageObserved(JournalAppend append, TelemetryEvent request)
    {
        ThrowIfWriterStopped();
        if (_options.JournalFsync || _observedRing is not { } ring)
        {
            return false;
        }

        var slot = ObservedStaging.ToSlot(append);
        Interlocked.Increment(ref _pending);
        lock (_stageGate)
        {
            bool staged;
            long sequence, end;
            try
            {
                staged = ring.TryStage(slot, out sequence, out end);
            }
            catch (Exception ex) when (ex is ArgumentException or ObjectDisposedException)
            {
                staged = false; // larger than a quarter of the ring, or shutting down: the waiting way decides
                sequence = end = 0;
            }

            if (!staged)
            {
                Release(1);
                return false;
            }

            Volatile.Write(ref _lastStaged, sequence);
            if (!_commits.Writer.TryWrite(new PendingAppend([append], [request], urgent: true) { RingSequence = sequence, RingEnd = end }))
            {
                // Shutting down after it was staged: it stays in the ring and is journaled at the next start.
                Release(1);
            }
        }

        return true;
    }

    /// <summary>
    /// Completes once every observed request staged before the call is in the journal (or the writer has stopped), so
    /// that feedback on a decision is journaled after the decision's own entry, and a read waiting for the writer
    /// (<see cref="WhenCaughtUpAsync"/>) waits for that entry too. Milliseconds at most while the store takes commits.
    /// </summary>
    public Task WhenObservedJournaledAsync()
    {
        long target = Volatile.Read(ref _lastStaged);
        lock (_journaledGate)
        {
            if (target <= _journaledStaged || _writerStopped)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _journaledWaiters.Add((target, done));
            return done.Task;
        }
    }

    private void ObservedJournaled(long through, bool all = false)
    {
        lock (_journaledGate)
        {
            _journaledStaged = Math.Max(_journaledStaged, through);
            for (int i = _journaledWaiters.Count - 1; i >= 0; i--)
            {
                if (all || _journaledWaiters[i].Sequence <= _journaledStaged)
                {
                    _journaledWaiters[i].Done.TrySetResult();
                    _journaledWaiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// Opens the journal's staging ring and journals what it still holds beyond the journal's watermark: observed
    /// requests answered before the process stopped whose commit had not happened. Before the replay, so they are learned.
    /// </summary>
    private void OpenObservedRing()
    {
        var ring = AuditRing.Open(_options.DataDirectory, _store.JournalStagedThrough(), out var pending, ObservedStaging.Capacity, ObservedStaging.FileName);
        try
        {
            if (pending.Count > 0)
            {
                _store.Append([.. pending.Select(p => ObservedStaging.FromSlot(p.Record))], waitForDisk: true, stagedThrough: pending[^1].Sequence);
                Log.ObservedRecovered(_logger, pending.Count);
            }

            ring.Reset();
        }
        catch
        {
            ring.Dispose();
            throw;
        }

        _observedRing = ring;
        _lastStaged = _journaledStaged = ring.LastStaged;
    }

    /// <summary>
    /// The group commit. Observed requests (someone waits for their decision) are committed first and on their own;
    /// ingestion is committed in transactions of at most <see cref="MaxBulkCommit"/> entries (a larger request in
    /// several; a pull connector's page, at most 1,000 entries, always in one, with its cursor), so an observed request waits for at most one such transaction, never for a shipper's whole burst.
    /// Order within each kind is arrival order; the journal's order is whatever was committed, and the writer applies
    /// exactly that order. An ingestion request is acknowledged once all its slices are committed; a crash between
    /// slices leaves a prefix journaled, which a retry completes (event ids are idempotent).
    /// </summary>
    private async Task CommitLoop()
    {
        var reader = _commits.Reader;
        var urgent = new List<JournalSlice>();
        var bulk = new Queue<PendingAppend>();
        var group = new List<JournalSlice>();
        int bulkOffset = 0; // entries of bulk.Peek() already committed
        while (true)
        {
            while (reader.TryRead(out var pending))
            {
                if (pending.Urgent)
                {
                    urgent.Add(new JournalSlice(pending, 0, pending.Appends.Count));
                }
                else
                {
                    bulk.Enqueue(pending);
                }
            }

            if (urgent.Count == 0 && bulk.Count == 0)
            {
                if (!await reader.WaitToReadAsync().ConfigureAwait(false))
                {
                    return;
                }

                continue;
            }

            await _commitTurn.WaitAsync().ConfigureAwait(false);
            _commitTurn.Release(); // held only by a test (HoldCommitsAsync), between two rounds
            if (urgent.Count > 0)
            {
                if (Commit(urgent))
                {
                    urgent.Clear();
                }
                else
                {
                    // Staged entries were answered already: they are tried again, in order, until they are journaled
                    // (meanwhile they are safe in the ring). The others' callers were told of the failure.
                    urgent.RemoveAll(s => s.Pending.RingSequence == 0);
                    await Task.Delay(RetryAfterFailure).ConfigureAwait(false);
                }
            }

            // One ingestion transaction per round, even while observed requests keep arriving, so neither starves.
            int room = MaxBulkCommit;
            while (room > 0 && bulk.Count > 0)
            {
                var next = bulk.Peek();
                if (next.IsFailed)
                {
                    bulk.Dequeue();
                    bulkOffset = 0;
                    continue;
                }

                int take = Math.Min(room, next.Appends.Count - bulkOffset);
                if (next.Cursor is not null && take < next.Appends.Count - bulkOffset)
                {
                    // A pull connector's page is never split: it and its cursor are one transaction, so a failure
                    // leaves neither (its size is bounded by the connector's pageSize, at most 1,000).
                    if (group.Count > 0)
                    {
                        break;
                    }

                    take = next.Appends.Count - bulkOffset;
                }

                group.Add(new JournalSlice(next, bulkOffset, take));
                room -= take;
                bulkOffset += take;
                if (bulkOffset == next.Appends.Count)
                {
                    bulk.Dequeue();
                    bulkOffset = 0;
                }
            }

            if (group.Count > 0)
            {
                Commit(group);
                group.Clear();
            }

            await Task.Yield(); // see YieldEvery: a commit holds its thread for milliseconds
        }
    }

    /// <summary>Commits one group; false when it failed (callers waiting on it are told, staged entries are kept for a retry).</summary>
    private bool Commit(List<JournalSlice> slices)
    {
        var all = new List<JournalAppend>();
        List<ConnectorCursor>? cursors = null;
        long stagedThrough = 0, ringEnd = 0;
        foreach (var slice in slices)
        {
            if (slice.Pending.RingSequence > 0)
            {
                // In staging order (the stage gate), so the last is the highest.
                (stagedThrough, ringEnd) = (slice.Pending.RingSequence, slice.Pending.RingEnd);
            }

            for (int i = 0; i < slice.Count; i++)
            {
                all.Add(slice.Pending.Appends[slice.Start + i]);
            }

            if (slice.Pending.Cursor is { } cursor && slice.Start + slice.Count == slice.Pending.Appends.Count)
            {
                (cursors ??= []).Add(cursor);
            }
        }

        try
        {
            var results = _store.Append(all, _options.JournalFsync, results =>
            {
                // Under the store's write lock, in journal order: the writer sees entries exactly as journaled.
                int index = 0;
                foreach (var slice in slices)
                {
                    for (int i = slice.Start; i < slice.Start + slice.Count; i++, index++)
                    {
                        if (!results[index].Duplicate)
                        {
                            Interlocked.Exchange(ref _handedOff, results[index].Sequence);
                            if (!_queue.Writer.TryWrite(new WorkItem { Sequence = results[index].Sequence, Event = slice.Pending.Events[i], Source = slice.Pending.Appends[i].Source }))
                            {
                                // Journaled, so applied at the next start; the writer has stopped and nobody waits on it.
                                Interlocked.Decrement(ref _pending);
                            }
                        }
                    }
                }
            }, cursors, stagedThrough);
            int offset = 0;
            foreach (var slice in slices)
            {
                if (slice.Pending.RingSequence > 0 && results[offset].Duplicate)
                {
                    Release(1); // nobody waits for a staged entry to give back a duplicate's reservation
                }

                slice.Pending.Committed(slice.Start, results.AsSpan(offset, slice.Count));
                offset += slice.Count;
            }

            if (stagedThrough > 0)
            {
                _observedRing!.Release(ringEnd);
                ObservedJournaled(stagedThrough);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            int staged = 0;
            foreach (var slice in slices)
            {
                if (slice.Pending.RingSequence > 0)
                {
                    staged++;
                    continue;
                }

                // Entries that were never journaled will never reach the writer: give their reservation back.
                Release(slice.Pending.Failed(ex));
            }

            if (staged > 0)
            {
                Log.ObservedCommitFailed(_logger, staged, ex);
            }

            return false;
        }
    }

    /// <summary>
    /// Whether an observed access request naming <paramref name="tenant"/> may be journaled to be learned: only when the
    /// tenant exists (or is the default one). An access request never creates a tenant (issue 11, defect 3); and since
    /// tenants are never removed, a request journaled now finds its tenant when it is applied and again at replay.
    /// </summary>
    public bool MayLearnObserved(string? tenant) => _engine.HoldsTenant(tenant);

    /// <summary>
    /// Null when an ingested event may be learned, else the per-line error: its tenant is new and the engine already
    /// holds <see cref="VigilEngineOptions.MaxTenants"/> tenants. Checked before journaling so the sender hears of it;
    /// tenants admitted by other requests meanwhile may still fill the cap, and then the writer assesses the event
    /// without learning it (the same in a replay: the journal's order decides).
    /// </summary>
    public string? AdmitIngested(TelemetryEvent e) => e.Tenant is null || _engine.CanLearnTenant(e.Tenant)
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"labels.tenant: '{Truncate(e.Tenant!)}' is a new tenant and the service already holds its most ({_options.Engine.MaxTenants}, Engine.MaxTenants)");

    private static string Truncate(string s) => s.Length <= 64 ? s : string.Concat(s.AsSpan(0, 64), "...");

    /// <summary>Scores without learning, on the calling thread.</summary>
    public RiskAssessment Assess(in TelemetryEvent request, out TelemetryEvent enriched) => _pipeline.Assess(request, out enriched);

    /// <summary>Journals feedback with its record and waits for the writer to apply it.</summary>
    public async Task<FeedbackResult> FeedbackAsync(FeedbackCommand command, string actor, string? decisionId)
    {
        // After the entry of the decision it is about, which may still be staged: the journal's order is the writer's.
        await WhenObservedJournaledAsync().ConfigureAwait(false);
        return await JournalFeedbackAsync(command, actor, decisionId).ConfigureAwait(false);
    }

    private Task<FeedbackResult> JournalFeedbackAsync(FeedbackCommand command, string actor, string? decisionId)
    {
        ThrowIfWriterStopped();
        var completion = new TaskCompletionSource<FeedbackResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _pending);
        try
        {
            _store.AppendFeedback(
                new FeedbackAppend(command.IdentityId, command.Tenant, FeedbackCommand.KindText(command.Kind), decisionId, command.EventId, actor, command.TimeMs, command.ToJson()),
                seq =>
                {
                    Interlocked.Exchange(ref _handedOff, seq);
                    if (!_queue.Writer.TryWrite(new WorkItem { Sequence = seq, Feedback = command, FeedbackResult = completion }))
                    {
                        // Journaled but the writer has stopped: it is applied from the journal at the next start.
                        Release(1);
                        completion.TrySetException(new InvalidOperationException("The service is shutting down; the feedback is recorded and applied at the next start."));
                    }
                });
        }
        catch
        {
            Release(1);
            throw;
        }

        return completion.Task;
    }

    private void Recover()
    {
        var checkpoint = _store.LatestCheckpoint();
        long from = 0;
        if (checkpoint is not null)
        {
            try
            {
                using var stream = _store.OpenCheckpoint(checkpoint);
                _engine = VigilEngine.ReadCheckpoint(stream, _options.Engine);
                _engine.Spill = _spill;
                from = checkpoint.JournalSequence;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Whatever is wrong with it (damaged, an unknown version, unreadable), the journal still holds everything.
                Log.CheckpointUnreadable(_logger, ex.Message);
                _engine = new VigilEngine(_options.Engine) { Spill = _spill };
            }

            _pipeline = new DecisionPipeline(_engine, _enricher);
        }

        _applied = from;
        long replayed = 0;
        while (true)
        {
            var entries = _store.ReadJournal(_applied, 10_000);
            if (entries.Count == 0)
            {
                break;
            }

            foreach (var entry in entries)
            {
                Apply(ToWorkItem(entry));
                replayed++;
            }
        }

        _sinceCheckpoint = replayed;
        Log.Recovered(_logger, from, replayed, _applied);
        if (replayed > 0)
        {
            Checkpoint();
        }
    }

    private WorkItem ToWorkItem(JournalEntry entry)
    {
        if (entry.Kind == JournalKind.Feedback)
        {
            return new WorkItem { Sequence = entry.Sequence, Feedback = FeedbackCommand.FromJson(entry.Payload) };
        }

        // A journaled event was validated before it was written, so it parses; an unparsable one is skipped in Apply.
        return _replayReader.TryRead(entry.Payload, out var e, out _)
            ? new WorkItem { Sequence = entry.Sequence, Event = e, Source = entry.Source }
            : new WorkItem { Sequence = entry.Sequence };
    }

    private async Task WriterLoop()
    {
        var reader = _queue.Reader;
        WorkItem? current = null;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                _writerTurn.Wait();
                try
                {
                    for (int run = 0; run < YieldEvery && reader.TryRead(out current); run++)
                    {
                        Apply(current);
                        Interlocked.Decrement(ref _pending);
                        current = null;
                        if (_sinceCheckpoint >= _checkpointDue)
                        {
                            Checkpoint(); // inside the loop: under sustained load the queue may never run empty
                        }
                        else if (++_sinceEvictionCheck >= EvictionCheckEvery)
                        {
                            _sinceEvictionCheck = 0;
                            EvictIfFarOverCap();
                        }
                    }
                }
                finally
                {
                    _writerTurn.Release();
                }

                await Task.Yield(); // see YieldEvery
            }
        }
        catch (Exception ex)
        {
            StopWriter(current, ex);
        }
    }

    /// <summary>
    /// Stops the writer before its next run of entries until the handle is disposed, so that journaled entries pile up
    /// unapplied: how a test shows that a decision does not wait for a backlog, without timing anything.
    /// </summary>
    internal async Task<IDisposable> HoldWriterAsync()
    {
        await _writerTurn.WaitAsync().ConfigureAwait(false);
        return new WriterHold(_writerTurn);
    }

    /// <summary>
    /// Stops the committer before its next round until the handle is disposed: observed requests are then answered from
    /// the journal's ring alone, which is how a test shows that no answer waits for a journal commit.
    /// </summary>
    internal async Task<IDisposable> HoldCommitsAsync()
    {
        await _commitTurn.WaitAsync().ConfigureAwait(false);
        return new WriterHold(_commitTurn);
    }

    private sealed class WriterHold(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }

    /// <summary>
    /// The writer cannot go on: the service turns not ready, and everyone waiting on it is told at once. What was
    /// journaled stays journaled and is applied at the next start.
    /// </summary>
    private void StopWriter(WorkItem? failed, Exception ex)
    {
        try
        {
            Log.WriterStopped(_logger, ex); // first: whoever sees the service not ready finds why in the log
        }
        finally
        {
            _writerStopped = true; // even if logging fails too (out of memory)
        }

        _queue.Writer.TryComplete();
        ReleaseCaughtUpWaiters(all: true);
        ObservedJournaled(0, all: true);
        if (failed is not null)
        {
            Fail(failed);
        }

        while (_queue.Reader.TryRead(out var item))
        {
            Fail(item);
        }

        void Fail(WorkItem item)
        {
            Interlocked.Decrement(ref _pending);
            item.FeedbackResult?.TrySetException(new EngineUnavailableException());
        }
    }

    private void ThrowIfWriterStopped()
    {
        if (_writerStopped)
        {
            throw new EngineUnavailableException();
        }
    }

    private void Apply(WorkItem item)
    {
        BeforeApply?.Invoke(item.Sequence);
        try
        {
            if (item.Feedback is { } f)
            {
                var result = _engine.ApplyFeedback(f.IdentityId, f.Kind, f.TimeMs, f.Tenant, f.EventId, f.Pattern, f.PatternTimeMs);
                item.FeedbackResult?.TrySetResult(result);
            }
            else if (item.Event.SubjectId is not null)
            {
                // Tenants come from ingestion, never from what an access request's context names (issue 11, defect 3).
                long unlearned = _engine.UnlearnedTenantEvents;
                var assessment = _pipeline.Learn(item.Event, mayCreateTenant: item.Source != JournalSource.Evaluation, out var enriched);
                Learned?.Invoke(item.Event, assessment);
                Scored?.Invoke(item.Sequence, item.Source, enriched, assessment);
                if (_engine.UnlearnedTenantEvents != unlearned)
                {
                    Log.TenantNotLearned(_logger, item.Sequence);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ApplyFailed(_logger, item.Sequence, ex);
            item.FeedbackResult?.TrySetException(ex);
        }

        Interlocked.Exchange(ref _applied, item.Sequence);
        _sinceCheckpoint++;
        if (Volatile.Read(ref _caughtUpWaiterCount) > 0)
        {
            ReleaseCaughtUpWaiters(all: false);
        }
    }

    /// <summary>
    /// Completes once the writer has applied every entry journaled before the call (or has stopped), so that a read of
    /// the engine's state sees what the caller was just told was accepted: an observed decision is answered once
    /// staged or journaled, before it is learned, so this first waits for staged entries to be journaled
    /// (<see cref="WhenObservedJournaledAsync"/>). Callers bound the wait: behind a shipper's backlog it can be long.
    /// </summary>
    public async Task WhenCaughtUpAsync()
    {
        await WhenObservedJournaledAsync().ConfigureAwait(false);
        await WhenAppliedAsync().ConfigureAwait(false);
    }

    private Task WhenAppliedAsync()
    {
        long target = Interlocked.Read(ref _handedOff);
        if (Interlocked.Read(ref _applied) >= target || _writerStopped)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_caughtUpGate)
        {
            _caughtUpWaiters.Add((target, done));
            Interlocked.Exchange(ref _caughtUpWaiterCount, _caughtUpWaiters.Count);
        }

        // The writer may have applied the target between the first check and the count it reads: check again after.
        if (Interlocked.Read(ref _applied) >= target || _writerStopped)
        {
            ReleaseCaughtUpWaiters(all: _writerStopped);
        }

        return done.Task;
    }

    private void ReleaseCaughtUpWaiters(bool all)
    {
        long applied = Interlocked.Read(ref _applied);
        lock (_caughtUpGate)
        {
            for (int i = _caughtUpWaiters.Count - 1; i >= 0; i--)
            {
                if (all || _caughtUpWaiters[i].Sequence <= applied)
                {
                    _caughtUpWaiters[i].Done.TrySetResult();
                    _caughtUpWaiters.RemoveAt(i);
                }
            }

            Interlocked.Exchange(ref _caughtUpWaiterCount, _caughtUpWaiters.Count);
        }
    }

    /// <summary>
    /// Evicts between checkpoints once a tenant is a tenth over its identity cap, so memory stays near the cap however
    /// many new identities arrive between two checkpoints (issue 11, defect 3). Eviction is lossless, so when it runs
    /// never changes a score. A failure to store the evicted keeps them buffered and is tried again at the checkpoint.
    /// </summary>
    private void EvictIfFarOverCap()
    {
        if (!_engine.AnyTenantFarOverCap())
        {
            return;
        }

        try
        {
            int evicted = _engine.EvictIdle();
            _spill?.Flush(_applied);
            Log.EvictedBetweenCheckpoints(_logger, evicted, _applied);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.CheckpointWriteFailed(_logger, _applied, ex);
        }
    }

    /// <summary>
    /// Runs on the writer (or after it stopped), so no Observe runs meanwhile, as WriteCheckpoint requires. The state
    /// is streamed into the store chunk by chunk, never held whole. A failure (disk full, a read-only file ...) is
    /// logged and the next try is one interval later: the journal still holds everything, so only replay time grows.
    /// </summary>
    private void Checkpoint()
    {
        if (_sinceCheckpoint == 0)
        {
            return;
        }

        try
        {
            // Idle identities beyond the cap leave memory first, stored as of this point of the journal, so the
            // checkpoint does not hold them (they come back on their next event).
            _engine.EvictIdle();
            _spill?.Flush(_applied);
            long bytes = 0;
            _store.SaveCheckpoint(_applied, stream =>
            {
                _engine.WriteCheckpoint(stream);
                bytes = stream.Position;
            });
            _sinceCheckpoint = 0;
            _checkpointDue = _options.CheckpointEveryEntries;
            Log.CheckpointSaved(_logger, _applied, bytes);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _checkpointDue = _sinceCheckpoint + _options.CheckpointEveryEntries;
            Log.CheckpointWriteFailed(_logger, _applied, ex);
        }
    }

    public void Dispose()
    {
        _embedder?.Dispose();
        _observedRing?.Dispose();
        _writerTurn.Dispose();
        _commitTurn.Dispose();
        _commits.Writer.TryComplete();
        _queue.Writer.TryComplete();
    }
}
