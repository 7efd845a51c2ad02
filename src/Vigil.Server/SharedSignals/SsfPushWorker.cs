using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Push delivery (RFC 8935): POSTs each queued SET as <c>application/secevent+jwt</c> to its stream's endpoint_url
/// with the stream's authorization header. Per stream strictly in order: the head SET is retried (see
/// <see cref="PushRetry"/>) and nothing behind it goes first. The outbox row is removed only after the receiver's
/// 2xx, so a restart resends what was not acknowledged (at-least-once; receivers de-duplicate by jti). Woken by
/// <see cref="SsfSignal"/> when a SET is queued; waits with the service's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class SsfPushWorker(SsfDatabase database, SsfSettings settings, SsfSignal signal, ServerOptions options, SsfReceiverHttp http, ILogger<SsfPushWorker> logger) : BackgroundService
{
    private static readonly MediaTypeHeaderValue SetMediaType = new("application/secevent+jwt");

    private readonly HttpClient _http = http.Push; // timed per request below, from settings

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var time = options.Time;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Next;
            TimeSpan wait = TimeSpan.FromMinutes(1);
            try
            {
                wait = await RoundAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                SsfLog.PushRoundFailed(logger, ex);
            }

            if (wait == TimeSpan.Zero)
            {
                continue;
            }

            try
            {
                await wake.WaitAsync(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the push streams; returns how long until a retry falls due (zero: work is left now).</summary>
    private async Task<TimeSpan> RoundAsync(CancellationToken cancellationToken)
    {
        var time = options.Time;
        var wait = TimeSpan.FromMinutes(1);
        foreach (var stream in database.AllStreams())
        {
            if (stream.Method != SsfEventTypes.Push || stream.Status == StreamStatus.Disabled || stream.EndpointUrl is null)
            {
                continue;
            }

            bool controlOnly = stream.Status == StreamStatus.Paused;
            bool blocked = false;
            var batch = database.Queued(stream.StreamId, settings.PushBatch, controlOnly);
            foreach (var set in batch)
            {
                long nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                long? due = database.NextAttempt(stream.StreamId, controlOnly);
                if (due > nowMs)
                {
                    wait = Min(wait, TimeSpan.FromMilliseconds(due.Value - nowMs));
                    blocked = true;
                    break;
                }

                var (status, retryAfter, failure) = await SendAsync(stream, set, cancellationToken).ConfigureAwait(false);
                var delay = PushRetry.Delay(status, retryAfter, set.Attempts, settings, time.GetUtcNow(), out bool drop);
                if (delay is null)
                {
                    database.Delivered(set.Sequence);
                    if (drop)
                    {
                        SsfLog.Dropped(logger, set.Jti, stream.StreamId, "the receiver refused it (400)");
                    }

                    continue;
                }

                if (set.Attempts + 1 >= settings.MaxPushAttempts)
                {
                    database.Delivered(set.Sequence);
                    SsfLog.Dropped(logger, set.Jti, stream.StreamId, $"still failing after {set.Attempts + 1} attempts ({failure})");
                    continue;
                }

                database.Failed(set.Sequence, set.Attempts + 1, time.GetUtcNow().Add(delay.Value).ToUnixTimeMilliseconds());
                SsfLog.PushFailed(logger, set.Jti, stream.StreamId, failure, set.Attempts + 1, (long)delay.Value.TotalMilliseconds);
                wait = Min(wait, delay.Value);
                blocked = true;
                break; // order kept: nothing behind the head goes first
            }

            if (!blocked && batch.Count == settings.PushBatch)
            {
                wait = TimeSpan.Zero; // more is queued for this stream
            }
        }

        return wait;
    }

    private async Task<(HttpStatusCode? Status, RetryConditionHeaderValue? RetryAfter, string Failure)> SendAsync(SsfStream stream, QueuedSet set, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stream.EndpointUrl)
        {
            Content = new StringContent(set.Token, Encoding.ASCII),
        };
        request.Content.Headers.ContentType = SetMediaType;
        request.Headers.Accept.ParseAdd("application/json");
        if (stream.AuthorizationHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", stream.AuthorizationHeader);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PushTimeoutMs);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (response.StatusCode, response.Headers.RetryAfter, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException ex)
        {
            // A connect the address policy refused is retried like an unreachable endpoint, its reason logged.
            return (null, null, ex.InnerException is SsfAddressRefusedException refused ? refused.Message : ex.HttpRequestError.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, "timeout");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
