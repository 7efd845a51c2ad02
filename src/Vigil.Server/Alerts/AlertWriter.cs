using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Authzen;
using Vigil.Server.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Alerts;

/// <summary>
/// Turns scored events at or above <see cref="ServerOptions.AlertMinScore"/> into stored alerts, off the decision
/// path: the engine writer and the decision threads only copy an alert into a bounded queue (nothing at all below the
/// level), and one background task stores them in batches and prunes the table to its retention. A full queue drops
/// the alert and counts it (the event is still in the journal, the decision in the audit log): an alert backlog must
/// never slow a decision. Ingested events are alerted by the engine writer; decisions by the evaluation service with
/// their decision id (the writer skips the observed requests it learns, so each event is alerted once).
/// </summary>
internal sealed class AlertWriter(VigilStore store, EngineHost engine, IEventEnricher enricher, ServerOptions options, ILogger<AlertWriter> logger) : IHostedService, IDisposable
{
    private const int Capacity = 65_536;
    private const int MaxBatch = 1_000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly Channel<AlertInsert> _queue = Channel.CreateBounded<AlertInsert>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full: the alert is dropped and counted
    });

    private readonly Lock _waitersGate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private long _queued;
    private long _stored;
    private long _dropped;
    private long _lastPruneMs;
    private Task? _loop;

    /// <summary>Alerts dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Set after the engine's recovery: replayed events were alerted when first learned (or, lost in a crash, are
        // still in the journal); the key (journal sequence) would make a second copy harmless anyway.
        engine.Scored = OnScored;
        _lastPruneMs = options.Time.GetUtcNow().ToUnixTimeMilliseconds() - (long)PruneEvery.TotalMilliseconds;
        _loop = Task.Run(Loop, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Scored = null;
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>On the engine writer, for every learned event: ingested events at or above the level become alerts.</summary>
    private void OnScored(long sequence, JournalSource source, in TelemetryEvent enriched, in RiskAssessment assessment)
    {
        if (assessment.Score < options.AlertMinScore || source == JournalSource.Evaluation || enriched.SubjectId is null)
        {
            return; // an observed request is alerted with its decision (Decided)
        }

        Enqueue(new AlertInsert($"j:{sequence}", enriched.Tenant ?? engine.Engine.Options.DefaultTenant, enriched.SubjectId, enriched.Id, null, "ingest",
            enriched.TimestampMs, assessment.Score, DecisionMapper.LevelText(assessment.Level), Reasons(assessment), Pattern(enriched, assessment)));
    }

    /// <summary>On the decision's thread: a decision whose risk is at or above the level becomes an alert. Costs nothing below it.</summary>
    public void Decided(in EvaluationResult result, in TelemetryEvent request)
    {
        var assessment = result.Assessment;
        if (assessment.Score < options.AlertMinScore || request.SubjectId is null)
        {
            return;
        }

        Enqueue(new AlertInsert($"d:{result.DecisionId}", request.Tenant ?? engine.Engine.Options.DefaultTenant, request.SubjectId, request.Id, result.DecisionId, "decision",
            request.TimestampMs, assessment.Score, DecisionMapper.LevelText(assessment.Level), Reasons(assessment), Pattern(enricher.Enrich(request), assessment)));
    }

    private void Enqueue(AlertInsert alert)
    {
        if (_queue.Writer.TryWrite(alert))
        {
            Interlocked.Increment(ref _queued);
            return;
        }

        long dropped = Interlocked.Increment(ref _dropped);
        if ((dropped & (dropped - 1)) == 0)
        {
            AlertLog.Dropped(logger, Capacity, dropped); // 1, 2, 4, 8 ...: a flood is reported without flooding the log
        }
    }

    /// <summary>Completes once every alert queued before the call is stored (or dropped by a failed batch).</summary>
    public Task FlushAsync()
    {
        long target = Interlocked.Read(ref _queued);
        lock (_waitersGate)
        {
            if (Interlocked.Read(ref _stored) >= target)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((target, done));
            return done.Task;
        }
    }

    private async Task Loop()
    {
        var reader = _queue.Reader;
        var batch = new List<AlertInsert>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var alert))
            {
                batch.Add(alert);
            }

            try
            {
                store.AppendAlerts(batch);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                AlertLog.StoreFailed(logger, batch.Count, ex);
            }

            Interlocked.Add(ref _stored, batch.Count);
            batch.Clear();
            ReleaseWaiters();
            PruneWhenDue();
        }

        ReleaseWaiters();
    }

    private void ReleaseWaiters()
    {
        long stored = Interlocked.Read(ref _stored);
        lock (_waitersGate)
        {
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= stored)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void PruneWhenDue()
    {
        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - _lastPruneMs < PruneEvery.TotalMilliseconds)
        {
            return;
        }

        _lastPruneMs = now;
        try
        {
            int pruned = 0, step;
            do
            {
                step = store.PruneAlerts(now - (options.AlertRetentionDays * 86_400_000L), options.MaxAlerts);
                pruned += step;
            }
            while (step > 0 && pruned < 100_000);

            if (pruned > 0)
            {
                AlertLog.Pruned(logger, pruned);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            AlertLog.StoreFailed(logger, 0, ex);
        }
    }

    /// <summary>The reason codes, strongest first, as the JSON array the alert keeps.</summary>
    private static string Reasons(in RiskAssessment assessment)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            for (int i = 0; i < assessment.FactorCount; i++)
            {
                w.WriteStringValue(assessment.Factor(i).CodeText);
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The event's baseline features and travel pair (what confirm_safe teaches), little-endian so a database moves between hosts.</summary>
    private static byte[] Pattern(in TelemetryEvent enriched, in RiskAssessment assessment)
    {
        Span<ulong> pattern = stackalloc ulong[VigilEngine.PatternLength];
        VigilEngine.PatternOf(enriched, assessment, pattern);
        byte[] bytes = new byte[pattern.Length * sizeof(ulong)];
        for (int i = 0; i < pattern.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), pattern[i]);
        }

        return bytes;
    }

    public void Dispose() => _queue.Writer.TryComplete();
}
