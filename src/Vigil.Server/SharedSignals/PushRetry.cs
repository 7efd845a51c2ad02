using System.Net;
using System.Net.Http.Headers;

namespace Vigil.Server.SharedSignals;

/// <summary>What to do after a push attempt (RFC 8935 section 2.3 and 2.4): done, retry after a delay, or drop.</summary>
internal static class PushRetry
{
    /// <summary>
    /// Null when the SET was delivered (any 2xx; RFC 8935 answers 202) or must be dropped (a 400 is the receiver
    /// refusing the SET itself, which no retry changes); else the delay before the next attempt: a 429's or 503's
    /// Retry-After when given, else exponential backoff from <see cref="SsfSettings.PushBackoffMs"/>, both capped at
    /// <see cref="SsfSettings.MaxPushBackoffMs"/>. Other statuses (5xx, 401, 403, 404 ...) and network failures
    /// (<paramref name="status"/> null) are retried: the receiver may come back or be fixed.
    /// </summary>
    public static TimeSpan? Delay(HttpStatusCode? status, RetryConditionHeaderValue? retryAfter, int attempts, SsfSettings settings, DateTimeOffset now, out bool drop)
    {
        drop = false;
        if (status is { } s && (int)s is >= 200 and < 300)
        {
            return null;
        }

        if (status == HttpStatusCode.BadRequest)
        {
            drop = true;
            return null;
        }

        var max = TimeSpan.FromMilliseconds(settings.MaxPushBackoffMs);
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && retryAfter is not null)
        {
            var asked = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > max ? max : asked;
        }

        double backoff = settings.PushBackoffMs * Math.Pow(2, Math.Min(attempts, 30));
        return TimeSpan.FromMilliseconds(Math.Min(backoff, settings.MaxPushBackoffMs));
    }
}
