using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;
using Vigil.Server.Hosting;
using Vigil.Server.Ingestion;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Feeds a pulled page into the service exactly as <c>POST /v1/events?format=...</c> does: the same parser (a JSON
/// array read by the native reader, each record checked like a line), the same admission, the same bounded queue and
/// the same journal (source event ids make a re-read page duplicates, not new events).
/// </summary>
internal sealed class ConnectorIngestor(EngineHost engine, VigilMetrics metrics, ServerOptions options, TimestampWindow window, MemoryPressure memory)
{
    private const int ErrorsKept = 5;

    /// <summary>
    /// Journals the page's good records; waits (on <paramref name="time"/>) while the engine is behind or memory is
    /// short, as a 429 would make a shipper wait. A pull connector's <paramref name="cursor"/> is saved in the same
    /// transaction as the records; when the page has no good record (nothing to journal) it is not saved here: the
    /// caller saves it alone.
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(ReadOnlyMemory<byte> records, LogFormat format, TimeProvider time, CancellationToken cancellationToken, ConnectorCursor? cursor = null)
    {
        var batch = Parse(records, format);
        while (batch.Events.Count > 0 && (memory.IsHigh(out _) || !engine.TryReserve(batch.Events.Count)))
        {
            // Backpressure: the page stays in hand (bounded: one page) until the engine catches up.
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }

        return await AppendAsync(batch, cursor).ConfigureAwait(false);
    }

    /// <summary>
    /// As <see cref="IngestAsync"/> for a pushed batch (a webhook): null, without journaling anything, when the engine
    /// is behind or memory is short, so the request is answered at once (the vendor retries) instead of holding it.
    /// </summary>
    public async Task<IngestOutcome?> TryIngestNowAsync(ReadOnlyMemory<byte> records, LogFormat format)
    {
        var batch = Parse(records, format);
        if (batch.Events.Count > 0 && (memory.IsHigh(out _) || !engine.TryReserve(batch.Events.Count)))
        {
            return null;
        }

        return await AppendAsync(batch, null).ConfigureAwait(false);
    }

    private IngestBatch Parse(ReadOnlyMemory<byte> records, LogFormat format)
    {
        var batch = NativeIngestParser.Parse(records, format, options.MaxBatchEvents, window, out bool tooMany, engine.AdmitIngested);
        if (tooMany)
        {
            // Far more than the page size asked for: refused whole (and retried with backoff) rather than cut, so no
            // record is skipped behind a cursor that moves on.
            throw new ConnectorException(FormattableString.Invariant($"A page holds more than {options.MaxBatchEvents} records (MaxBatchEvents); it is not read."));
        }

        metrics.Rejected(batch.Errors.Count);
        return batch;
    }

    private async Task<IngestOutcome> AppendAsync(IngestBatch batch, ConnectorCursor? cursor)
    {
        var errors = batch.Errors.Take(ErrorsKept).ToArray();
        if (batch.Events.Count == 0)
        {
            return new IngestOutcome(0, 0, batch.Errors.Count, errors, 0);
        }

        var results = await engine.AppendEventsAsync(batch.Appends, batch.Events, cursor).ConfigureAwait(false);
        int duplicates = results.Count(r => r.Duplicate);
        metrics.Ingested(results.Length - duplicates);
        long newest = 0;
        foreach (ref readonly TelemetryEvent e in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Events))
        {
            newest = Math.Max(newest, e.TimestampMs);
        }

        return new IngestOutcome(results.Length - duplicates, duplicates, batch.Errors.Count, errors, newest);
    }
}
