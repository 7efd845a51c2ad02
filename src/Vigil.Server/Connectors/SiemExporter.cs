using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Sends decisions worth a SIEM's attention (<see cref="SiemDocument"/>) from the audit log, in its order, in batches
/// of at most <see cref="ConnectorSettings.PageSize"/> records. The audit sequence sent last is saved in the service's
/// database after the endpoint accepted the batch, so a restart or a failure sends a batch again rather than skip it
/// (at least once; <c>event.id</c>, the decision id, lets the SIEM drop a repeat). Nothing is queued in memory beyond
/// one batch: the audit log is the queue. Reads the decision path's output only (the audit table), never its code.
/// </summary>
internal sealed class SiemExporter(VigilStore store, ServerOptions options, ILogger<SiemExporter> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Tries of a batch the endpoint refuses as bad data (400, 413, 422) before it goes to the dead-letter file.</summary>
    private const int RefusalsBeforeDeadLetter = 3;

    /// <summary>Test seam: builds the sink of an export (a real HTTP client by default).</summary>
    internal Func<ConnectorSettings, TimeProvider, SiemSink> SinkFactory { get; set; } = (s, t) => new SiemSink(s, t);

    public async Task RunAsync(ConnectorHealth health, CancellationToken stop)
    {
        var settings = health.Settings;
        var time = options.Time;
        string key = "export:" + settings.Name;
        using var sink = SinkFactory(settings, time);
        long after = long.TryParse(store.GetConnectorCursor(key), NumberStyles.None, CultureInfo.InvariantCulture, out long saved) ? saved : 0;
        ConnectorLog.Started(logger, settings.Name, settings.Type, after == 0 ? "the start of the audit log" : "its saved cursor");
        int failures = 0;
        int refusals = 0;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait = TimeSpan.FromSeconds(settings.PollSeconds);
            IReadOnlyList<AuditRecord> records = [];
            var documents = new List<(long TimeMs, byte[] Document)>();
            try
            {
                records = store.ReadAuditLog(after, settings.PageSize);
                if (records.Count > 0)
                {
                    long newest = 0;
                    foreach (var record in records)
                    {
                        if (SiemDocument.Write(record.Record) is { } document)
                        {
                            documents.Add((record.TimeMs, document));
                            newest = Math.Max(newest, record.TimeMs);
                        }
                    }

                    if (documents.Count > 0)
                    {
                        await sink.SendAsync(documents, stop).ConfigureAwait(false);
                    }

                    after = records[^1].Sequence;
                    store.SaveConnectorCursor(key, after.ToString(CultureInfo.InvariantCulture));
                    health.Page(time.GetUtcNow(), documents.Count, new IngestOutcome(documents.Count, 0, 0, [], newest));
                    failures = 0;
                    refusals = 0;
                    if (records.Count == settings.PageSize)
                    {
                        continue;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ConnectorException ex) when (ex.Status is 400 or 413 or 422 && ++refusals >= RefusalsBeforeDeadLetter && records.Count > 0)
            {
                // Refused for good: kept aside with the reason, so one bad batch cannot stop the export for ever.
                string file = DeadLetter(settings.Name, documents, ex.Message);
                after = records[^1].Sequence;
                store.SaveConnectorCursor(key, after.ToString(CultureInfo.InvariantCulture));
                health.Failed(time.GetUtcNow(), $"{ex.Message}; {documents.Count} documents written to {Path.GetFileName(file)}", rateLimited: false);
                ConnectorLog.DeadLettered(logger, settings.Name, documents.Count, file);
                refusals = 0;
                continue;
            }
            catch (ConnectorException ex)
            {
                failures++;
                var now = time.GetUtcNow();
                wait = ex.RetryAt is { } retry ? retry - now : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 20))));
                health.Failed(now, ex.Message, ex.Status == 429);
                ConnectorLog.Failed(logger, settings.Name, ex.Message, wait.TotalSeconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                wait = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 20))));
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

    /// <summary>Appends the refused documents, one a line after a line naming the refusal, to <c>&lt;name&gt;.dead-letter.ndjson</c> in the data directory.</summary>
    private string DeadLetter(string name, List<(long TimeMs, byte[] Document)> documents, string reason)
    {
        string file = Path.Combine(options.DataDirectory, name + ".dead-letter.ndjson");
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new System.Text.Json.Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("dead_letter", reason);
        writer.WriteString("at", options.Time.GetUtcNow().UtcDateTime);
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n');
        foreach (var (_, document) in documents)
        {
            stream.Write(document);
            stream.WriteByte((byte)'\n');
        }

        stream.Flush(flushToDisk: true);
        return file;
    }
}
