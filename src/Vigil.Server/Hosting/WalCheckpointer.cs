using Microsoft.Extensions.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>Checkpoints the SQLite WAL every second on its own connection, so no request's commit pays for it.</summary>
internal sealed class WalCheckpointer(VigilStore store, ServerOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                store.CheckpointWal();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
