using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Server.Connectors;

/// <summary>
/// Okta System Log API polling (developer.okta.com/docs/reference/api/system-log, "Polling requests"): the first
/// call asks for <c>since</c> in ascending order; every later call is the <c>next</c> link of the previous answer,
/// whose <c>after</c> cursor is Okta's position in the log, never a time: events published late (Okta says up to
/// minutes) are still returned once. Okta always sends a <c>next</c> link while polling, also with an empty page:
/// the empty page means "caught up", and the same link is polled again after the interval (elastic/integrations
/// 15212: pollers that follow it at once burn the org's rate limit). <c>X-Rate-Limit-Remaining</c> 0 means no
/// request before <c>X-Rate-Limit-Reset</c> (Unix seconds); a 429 waits for the reset too.
/// </summary>
internal sealed class OktaLogSource(ConnectorSettings settings, TimeProvider time, HttpClient? client = null) : ILogSource
{
    private readonly HttpClient _client = client ?? VendorHttp.CreateClient();
    private readonly bool _ownsClient = client is null;

    public LogFormat Format => LogFormat.Okta;

    public async Task<LogPage> FetchAsync(string? cursor, CancellationToken cancellationToken)
    {
        var url = cursor is null ? FirstUrl() : CheckedNextLink(cursor);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue(settings.AuthScheme, settings.Secret.Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"Okta System Log could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException("Okta System Log did not answer within 60 s.", ex);
        }

        using (response)
        {
            var now = time.GetUtcNow();
            var reset = VendorHttp.EpochHeader(response, "X-Rate-Limit-Reset", now);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Okta sends X-Rate-Limit-Reset with its 429s; Retry-After is honoured when a proxy adds one instead.
                throw VendorHttp.Failure("Okta System Log", response, reset ?? VendorHttp.RetryAfter(response, now));
            }

            if (!response.IsSuccessStatusCode)
            {
                throw VendorHttp.Failure("Okta System Log", response, response.StatusCode == HttpStatusCode.ServiceUnavailable ? VendorHttp.RetryAfter(response, now) : null);
            }

            byte[] body = await VendorHttp.ReadBodyAsync(response, "An Okta System Log page", cancellationToken).ConfigureAwait(false);
            int count = JsonArrays.Split(body, "An Okta System Log page").Count;
            string next = NextLink(response) ?? url.AbsoluteUri;
            var notBefore = VendorHttp.LongHeader(response, "X-Rate-Limit-Remaining") == 0 ? reset : null;
            return new LogPage(body, count, next, CaughtUp: count == 0, notBefore);
        }
    }

    private Uri FirstUrl()
    {
        var since = (settings.Since ?? time.GetUtcNow().AddDays(-1)).UtcDateTime;
        return new Uri(settings.Url, string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/logs?since={Uri.EscapeDataString(since.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))}&limit={settings.PageSize}&sortOrder=ASCENDING"));
    }

    /// <summary>
    /// A saved or received <c>next</c> link, only when it points at this org's System Log: the token goes with the
    /// request, so a link to another host (a tampered answer or database) is refused rather than followed.
    /// </summary>
    private Uri CheckedNextLink(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)
            || Uri.Compare(uri, settings.Url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0
            || !uri.AbsolutePath.Equals("/api/v1/logs", StringComparison.Ordinal))
        {
            throw new ConnectorException("The Okta next link does not point at this org's /api/v1/logs; it is not followed.");
        }

        return uri;
    }

    /// <summary>The <c>rel="next"</c> target of the <c>Link</c> headers (RFC 8288; Okta sends <c>self</c> and <c>next</c>).</summary>
    internal static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (string value in values)
        {
            foreach (string entry in value.Split(','))
            {
                int open = entry.IndexOf('<', StringComparison.Ordinal);
                int close = entry.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                foreach (string parameter in entry[(close + 1)..].Split(';'))
                {
                    string p = parameter.Trim();
                    if (p.Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) || p.Equals("rel=next", StringComparison.OrdinalIgnoreCase))
                    {
                        return entry[(open + 1)..close].Trim();
                    }
                }
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
