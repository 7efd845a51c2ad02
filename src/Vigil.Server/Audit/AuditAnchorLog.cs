using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Audit;

/// <summary>
/// Writes the audit log's head to the service log every <see cref="ServerOptions.AuditAnchorMinutes"/> minutes and at
/// shutdown. Logs usually leave the host (journald, a log shipper, a SIEM), which makes each line an anchor that
/// whoever can write the database cannot take back (<see cref="AuditAnchor"/>). Only a new head is logged.
/// </summary>
internal sealed class AuditAnchorLog(VigilStore store, ServerOptions options, ILogger<AuditAnchorLog> logger) : BackgroundService
{
    private long _logged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.AuditAnchorMinutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.AuditAnchorMinutes), options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                LogHead();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (options.AuditAnchorMinutes > 0)
        {
            LogHead();
        }
    }

    private void LogHead()
    {
        if (store.AuditHead() is { } head && head.Sequence != _logged)
        {
            Log.AuditHead(logger, head.ToString());
            _logged = head.Sequence;
        }
    }
}
