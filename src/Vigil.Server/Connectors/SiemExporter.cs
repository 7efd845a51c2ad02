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
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait = TimeSpan.FromSeconds(settings.PollSeconds);
            try
            {
                var records = store.ReadAuditLog(after, settings.PageSize);
                if (records.Count > 0)
                {
                    var documents = new List<(long, byte[])>();
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
}
