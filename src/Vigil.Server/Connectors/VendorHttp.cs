using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Vigil.Server.Connectors;

/// <summary>The HTTP client settings the vendor sources share, and the reading of bounded bodies and retry hints.</summary>
internal static class VendorHttp
{
    /// <summary>Largest page body read, bytes: 1,000 Okta or Graph records are 2 to 8 MB; a larger answer is refused, not buffered.</summary>
    public const int MaxBodyBytes = 32 << 20;

    /// <summary>
    /// A client that never follows redirects (a redirect would carry the credential to wherever the answer points)
    /// and gives up on a request after a minute.
    /// </summary>
    public static HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: handler is null)
        {
            Timeout = TimeSpan.FromSeconds(60),
            MaxResponseContentBufferSize = MaxBodyBytes,
        };

    /// <summary>The body, at most <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new ConnectorException($"{what} is larger than {MaxBodyBytes >> 20} MiB.");
        }

        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"{what} could not be read ({ex.HttpRequestError}).", ex);
        }
    }

    /// <summary>When to try again after a 429 or 503: <c>Retry-After</c> (seconds or a date, RFC 9110 section 10.2.3), else null.</summary>
    public static DateTimeOffset? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        RetryConditionHeaderValue? retry = response.Headers.RetryAfter;
        return retry?.Delta is { } delta && delta >= TimeSpan.Zero ? now + Cap(delta)
            : retry?.Date is { } date ? now + Cap(date - now)
            : null;
    }

    /// <summary>A reset time in Unix seconds (Okta's <c>X-Rate-Limit-Reset</c>), else null.</summary>
    public static DateTimeOffset? EpochHeader(HttpResponseMessage response, string name, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues(name, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            && seconds < 253_402_300_800L)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return now + Cap(at - now);
        }

        return null;
    }

    public static long? LongHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>A failed answer as an exception naming the status, without its body.</summary>
    public static ConnectorException Failure(string what, HttpResponseMessage response, DateTimeOffset? retryAt) =>
        new(FormattableString.Invariant($"{what} answered {(int)response.StatusCode} {ReasonOf(response.StatusCode)}"), (int)response.StatusCode, retryAt);

    // A hostile or broken vendor cannot park the connector for days: waits are between 0 and 1 hour.
    private static TimeSpan Cap(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait;

    private static string ReasonOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "(the credential was refused)",
        HttpStatusCode.Forbidden => "(the credential lacks the permission to read logs)",
        HttpStatusCode.TooManyRequests => "(rate limited)",
        >= HttpStatusCode.InternalServerError => "(vendor error)",
        _ => "",
    };
}
