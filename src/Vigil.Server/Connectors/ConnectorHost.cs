using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Runs every configured connector, one loop each (exports: <see cref="SiemExporter"/>). A pull connector's loop: fetch the page after the saved cursor, journal its records
/// through <see cref="ConnectorIngestor"/> with the cursor in the same transaction, and go on at once while there is more, after the poll
/// interval once caught up, after the vendor's reset when rate limited, and after a doubling backoff (1 s to 5 min)
/// on errors. One page at a time per connector, so memory is bounded by the page size. Waits run on the service's
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ConnectorHost(IReadOnlyList<ConnectorHealth> connectors, ConnectorIngestor ingestor, SiemExporter exporter, VigilStore store, ServerOptions options, ILogger<ConnectorHost> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    /// <summary>Test seam: builds the source of a connector (a real HTTP client by default).</summary>
    internal Func<ConnectorSettings, TimeProvider, ILogSource> SourceFactory { get; set; } = LogSources.Create;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(connectors.Where(c => !c.Settings.IsHook).Select(c => Task.Run(
            () => c.Settings switch
            {
                { IsExport: true } => exporter.RunAsync(c, stoppingToken),
                { Type: ConnectorType.Syslog } => new Syslog.SyslogReceiver(c, ingestor, options, logger).RunAsync(stoppingToken),
                _ => RunAsync(c, stoppingToken),
            },
            CancellationToken.None)));

    private async Task RunAsync(ConnectorHealth health, CancellationToken stop)
    {
        var settings = health.Settings;
        var time = options.Time;
        using var source = SourceFactory(settings, time);
        string? cursor = store.GetConnectorCursor(settings.Name);
        ConnectorLog.Started(logger, settings.Name, settings.Type, cursor is null ? "its configured start" : "its saved cursor");
        int failures = 0;
        DateTimeOffset? notBefore = null;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (notBefore is { } at && at > time.GetUtcNow())
                {
                    health.Waiting(at);
                    ConnectorLog.RateLimited(logger, settings.Name, (at - time.GetUtcNow()).TotalSeconds);
                    await Task.Delay(at - time.GetUtcNow(), time, stop).ConfigureAwait(false);
                    health.Waiting(null);
                }

                var page = await source.FetchAsync(cursor, stop).ConfigureAwait(false);
                // The cursor moves in the journal transaction that holds the page's records: a crash keeps both or
                // neither, so a page is neither lost behind the cursor nor journaled again.
                var outcome = page.Count == 0
                    ? new IngestOutcome(0, 0, 0, [], 0)
                    : await ingestor.IngestAsync(page.Records, source.Format, time, stop, new ConnectorCursor(settings.Name, page.Cursor)).ConfigureAwait(false);
                if (outcome.Accepted + outcome.Duplicates == 0)
                {
                    // Nothing was journaled (an empty page, or every record refused): the cursor is saved alone.
                    store.SaveConnectorCursor(settings.Name, page.Cursor);
                }

                cursor = page.Cursor;
                health.Page(time.GetUtcNow(), page.Count, outcome);
                ConnectorLog.Page(logger, settings.Name, page.Count, outcome.Accepted, outcome.Duplicates, outcome.Rejected);
                if (outcome.Rejected > 0)
                {
                    ConnectorLog.Refused(logger, settings.Name, outcome.Rejected);
                }

                failures = 0;
                notBefore = page.NotBefore;
                if (!page.CaughtUp)
                {
                    continue;
                }

                wait = TimeSpan.FromSeconds(settings.PollSeconds);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
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
                // The engine's writer stopped, the database is full...: the loop lives on, backs off and says so.
                failures++;
                wait = Backoff(failures);
                health.Failed(time.GetUtcNow(), "internal error: " + ex.GetType().Name, rateLimited: false);
                ConnectorLog.Unexpected(logger, settings.Name, wait.TotalSeconds, ex);
            }

            try
            {
                health.Waiting(time.GetUtcNow() + wait);
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, stop).ConfigureAwait(false);
                health.Waiting(null);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 20))));
}
