using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Operations;
using Vigil.Storage;

namespace Vigil.Server.Audit;

/// <summary>
/// Writes the audit log's head as an anchor (<see cref="AuditAnchor"/>) every <see cref="ServerOptions.AuditAnchorMinutes"/>
/// minutes and at shutdown, to every place the operator chose: the service log (always; logs usually leave the host),
/// the append-only anchor file (by default beside the data directory, where <c>vigil audit verify</c> looks) and an
/// HTTP endpoint. The chain alone cannot show a log whose tail was cut and whose head was repointed (issue 11, defect
/// 9); an anchor kept where the database's writer cannot take it back can. A place that fails is logged and tried
/// again at the next anchor; it never stops the service. At start, the log is checked against the file's last anchor.
/// </summary>
internal sealed class AuditAnchorWriter(VigilStore store, AuditWriter audit, ServerOptions options, ILogger<AuditAnchorWriter> logger) : BackgroundService
{
    private static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient? _http = options.AuditAnchorUrl is null ? null : new HttpClient { Timeout = PostTimeout };
    private long _written;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        CheckAgainstFile();
        return base.StartAsync(cancellationToken);
    }

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
                await WriteHeadAsync(stoppingToken).ConfigureAwait(false);
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
            // Stopped before the audit writer (hosted services stop in reverse order), so every decision answered
            // so far can still be moved into the log and covered by the last anchor.
            await audit.FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await WriteHeadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the head when it moved since the last anchor.</summary>
    internal async Task WriteHeadAsync(CancellationToken cancellationToken)
    {
        if (store.AuditHead() is not { } head || head.Sequence == _written)
        {
            return;
        }

        Log.AuditHead(logger, head.ToString());
        if (options.AuditAnchorFilePath is { } path)
        {
            try
            {
                AuditAnchorFile.Append(path, head, options.Time.GetUtcNow());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.AuditAnchorFileFailed(logger, path, ex);
            }
        }

        if (_http is not null)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync(options.AuditAnchorUrl, new AuditHeadAnswer(head.Sequence, head.Hash, head.ToString()),
                    ServerJsonContext.Default.AuditHeadAnswer, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Log.AuditAnchorPostFailed(logger, options.AuditAnchorUrl!, $"the endpoint answered {(int)response.StatusCode}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Log.AuditAnchorPostFailed(logger, options.AuditAnchorUrl!, ex.Message);
            }
        }

        _written = head.Sequence;
    }

    /// <summary>
    /// Logs an error when the log no longer holds the file's last anchor (records cut from its end, or rewritten):
    /// the service still starts, since refusing would let whoever cut the log stop the decision point too.
    /// </summary>
    private void CheckAgainstFile()
    {
        if (options.AuditAnchorFilePath is not { } path || !File.Exists(path))
        {
            return;
        }

        try
        {
            var anchors = AuditAnchorFile.Read(path, out _);
            if (anchors.Count == 0)
            {
                return;
            }

            var last = anchors[^1];
            var records = store.ReadAuditLog(last.Sequence - 1, 1);
            if (records.Count == 0 || records[0].Sequence != last.Sequence)
            {
                Log.AuditAnchorMismatch(logger, last.ToString(), path, "the log ends before that record: records at its end were removed");
            }
            else if (Convert.ToHexStringLower(records[0].Hash) != last.Hash)
            {
                Log.AuditAnchorMismatch(logger, last.ToString(), path, "the record's hash differs: the log was rewritten at or before it");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.AuditAnchorFileFailed(logger, path, ex);
        }
    }

    public override void Dispose()
    {
        _http?.Dispose();
        base.Dispose();
    }
}
