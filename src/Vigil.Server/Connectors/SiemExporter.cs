using Microsoft.Extensions.Logging;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Sends what Vigil found to a SIEM: decisions worth its attention (from the audit log), detector alerts (from the
/// alert store) and identities' risk band crossings (<see cref="RiskChangeLog"/>), each kind read in its order after
/// its own saved cursor (<see cref="ExportStream"/>), in batches of at most <see cref="ConnectorSettings.PageSize"/>
/// records. A cursor is saved only after the endpoint took the batch, so a restart or a failure sends a batch again
/// rather than skip it (at least once; each document's id, the same on every resend, lets the SIEM drop a repeat).
/// Nothing is queued in memory beyond one batch per kind: the stores are the queue.
/// </summary>
internal sealed class SiemExporter(VigilStore store, ServerOptions options, ILogger<SiemExporter> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Tries of a batch the endpoint refuses as bad data (400, 413, 422) before it goes to the dead-letter file.</summary>
    private const int RefusalsBeforeDeadLetter = 3;

    /// <summary>Test seam: builds the sink of an export (a real client by default).</summary>
    internal Func<ConnectorSettings, TimeProvider, ISiemSink> SinkFactory { get; set; } = SiemSinks.Create;

    public async Task RunAsync(ConnectorHealth health, CancellationToken stop)
    {
        var settings = health.Settings;
        var time = options.Time;
        using var sink = SinkFactory(settings, time);
        var streams = ExportStream.For(settings, store);
        ConnectorLog.Started(logger, settings.Name, settings.Type, streams.All(s => s.After == 0) ? "the start of what it sends" : "its saved cursors");
        int failures = 0;
        int refusals = 0;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait = TimeSpan.FromSeconds(settings.PollSeconds);
            ExportStream? current = null;
            try
            {
                bool more = false;
                int sent = 0;
                long newest = 0;
                foreach (var stream in streams)
                {
                    current = stream;
                    if (stream.Pending is null && !stream.Open(store, settings))
                    {
                        continue;
                    }

                    var documents = stream.Pending!;
                    newest = Math.Max(newest, documents.Count == 0 ? 0 : documents.Max(d => d.TimeMs));
                    sent += await DeliverAsync(settings, sink, stream, stop).ConfigureAwait(false);
                    more |= stream.Full;
                    stream.Commit(store);
                    refusals = 0;
                }

                current = null;
                health.Page(time.GetUtcNow(), sent, new IngestOutcome(sent, 0, 0, [], newest));
                failures = 0;
                if (more)
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ConnectorException ex) when (ex.Status is 400 or 413 or 422 && current?.Pending is { } refused && ++refusals >= RefusalsBeforeDeadLetter)
            {
                // Refused for good: kept aside with the reason, so one bad batch cannot stop the export for ever.
                string file = DeadLetter(settings.Name, refused, ex.Message);
                current.Commit(store);
                health.Failed(time.GetUtcNow(), $"{ex.Message}; {refused.Count} documents written to {Path.GetFileName(file)}", rateLimited: false);
                ConnectorLog.DeadLettered(logger, settings.Name, refused.Count, file);
                refusals = 0;
                continue;
            }
            catch (ConnectorException ex)
            {
                failures++;
                var now = time.GetUtcNow();
                wait = ex.RetryAt is { } retry ? retry - now : Backoff(failures);
                health.Failed(now, ex.Message, ex.Status == 429);
                ConnectorLog.Failed(logger, settings.Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                wait = Backoff(failures);
                health.Failed(time.GetUtcNow(), "internal error: " + ex.GetType().Name, rateLimited: false);
                ConnectorLog.Unexpected(logger, settings.Name, wait.TotalSeconds, ex);
            }

            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends the open page's pending documents. Those the endpoint refused one by one as bad data go to the
    /// dead-letter file; those it could not take now (429, 5xx) stay pending and the export backs off, so only they
    /// are sent again. Returns how many were taken.
    /// </summary>
    private async Task<int> DeliverAsync(ConnectorSettings settings, ISiemSink sink, ExportStream stream, CancellationToken stop)
    {
        var documents = stream.Pending!;
        if (documents.Count == 0)
        {
            return 0;
        }

        var failed = await sink.SendAsync(documents, stop).ConfigureAwait(false);
        if (failed.Count == 0)
        {
            return documents.Count;
        }

        foreach (var unknown in failed.Where(f => f.Index < 0))
        {
            // The endpoint refused some for good without saying which (OTLP's partialSuccess): nothing to resend.
            ConnectorLog.Rejected(logger, settings.Name, unknown.Reason);
        }

        failed = failed.Where(f => f.Index >= 0).ToList();
        if (failed.Count == 0)
        {
            return documents.Count;
        }

        foreach (var refused in failed.Where(f => !f.Retryable))
        {
            DeadLetter(settings.Name, [documents[refused.Index]], FormattableString.Invariant($"{refused.Reason} ({refused.Status})"));
        }

        var retry = failed.Where(f => f.Retryable).ToList();
        int refusedCount = failed.Count - retry.Count;
        if (refusedCount > 0)
        {
            ConnectorLog.DeadLettered(logger, settings.Name, refusedCount, DeadLetterPath(settings.Name));
        }

        if (retry.Count == 0)
        {
            return documents.Count - failed.Count;
        }

        ConnectorLog.PartlyFailed(logger, settings.Name, retry.Count, documents.Count, retry[0].Status);
        stream.Pending = retry.Select(f => documents[f.Index]).ToList();
        throw new ConnectorException(FormattableString.Invariant($"{retry.Count} of {documents.Count} documents were not taken ({retry[0].Status} {retry[0].Reason})"), retry[0].Status, retryAt: null);
    }

    private static TimeSpan Backoff(int failures) => TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 20))));

    private string DeadLetterPath(string name) => Path.Combine(options.DataDirectory, name + ".dead-letter.ndjson");

    /// <summary>Appends the refused documents, one a line after a line naming the refusal, to <c>&lt;name&gt;.dead-letter.ndjson</c> in the data directory.</summary>
    private string DeadLetter(string name, IReadOnlyList<ExportDocument> documents, string reason)
    {
        string file = DeadLetterPath(name);
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new System.Text.Json.Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("dead_letter", reason);
        writer.WriteString("at", options.Time.GetUtcNow().UtcDateTime);
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
        foreach (var document in documents)
        {
            stream.Write(document.Json);
            stream.WriteByte((byte)'\n');
        }

        stream.Flush(flushToDisk: true);
        return file;
    }
}
