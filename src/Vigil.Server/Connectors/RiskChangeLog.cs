using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.SharedSignals;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Keeps identities' risk band crossings in <c>vigil.db</c> for the exports that send them. The crossings come from
/// the Shared Signals watcher (<see cref="SsfEngineWatcher.Observe"/>), which already turns each learned event's
/// identity risk into CAEP's bands: one comparison feeds both the SSF transmitter and the SIEM. The engine's writer
/// only copies a crossing into a bounded queue (<see cref="Record"/>); one background task stores them in batches.
/// A full queue drops the crossing and says so once per run of drops: a SIEM backlog must never slow the writer.
/// </summary>
internal sealed class RiskChangeLog(VigilStore store, IReadOnlyList<ConnectorHealth> connectors, ILogger<RiskChangeLog> logger) : IHostedService
{
    /// <summary>Crossings waiting to be stored.</summary>
    private const int Capacity = 65_536;

    /// <summary>Crossings kept in the table (about 100 bytes each); the oldest beyond go, read or not.</summary>
    public const long MaxRows = 1_000_000;

    private readonly Channel<RiskLevelChange> _queue = Channel.CreateBounded<RiskLevelChange>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task? _loop;
    private int _dropping;

    /// <summary>True when some export sends risk changes: only then does the watcher track bands for it.</summary>
    public bool Wanted { get; } = connectors.Any(c => c.Settings.Sends.HasFlag(ExportKinds.RiskChanges));

    /// <summary>On the engine's writer: queues a crossing, at once.</summary>
    public void Record(RiskLevelChange change)
    {
        if (!Wanted)
        {
            return;
        }

        if (_queue.Writer.TryWrite(change))
        {
            Volatile.Write(ref _dropping, 0);
        }
        else if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            ConnectorLog.RiskChangesDropped(logger, Capacity);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Wanted)
        {
            _loop = Task.Run(Loop, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the queue to be stored (for tests).</summary>
    internal async Task FlushAsync()
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _storing) != 0)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    private int _storing;

    private async Task Loop()
    {
        var batch = new List<RiskChangeInsert>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref _storing, 1);
            batch.Clear();
            while (batch.Count < 1_000 && _queue.Reader.TryRead(out var c))
            {
                batch.Add(new RiskChangeInsert(c.Tenant ?? "", c.Identity, c.Previous, c.Current, c.ReasonCode, c.TimeMs));
            }

            try
            {
                store.AppendRiskChanges(batch, MaxRows);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ConnectorLog.RiskChangesNotStored(logger, batch.Count, ex);
            }
            finally
            {
                Volatile.Write(ref _storing, 0);
            }
        }
    }
}
