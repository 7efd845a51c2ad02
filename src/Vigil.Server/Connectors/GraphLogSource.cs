using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Server.Connectors;

/// <summary>
/// Microsoft Graph sign-in logs (learn.microsoft.com/graph/api/signin-list), and directory audits
/// (<c>/auditLogs/directoryAudits</c>, <c>activityDateTime</c>) alike: sweeps of
/// <c>GET /auditLogs/signIns?$filter=createdDateTime ge T&amp;$top=N</c>, each followed through its
/// <c>@odata.nextLink</c> pages to the end. Graph returns sign-ins newest first and supports no cursor across
/// sweeps, so the cursor is a watermark: the newest <c>createdDateTime</c> seen, and each sweep starts
/// <see cref="ConnectorSettings.LookbackMinutes"/> before it, because sign-ins (delayed MFA above all) reach the log
/// minutes late. What the look-back re-reads the journal drops as duplicates (the sign-in <c>id</c>). The cursor
/// also keeps the sweep's next link, so a restart mid-sweep goes on where it stopped. Throttling: 429 and 503 with
/// <c>Retry-After</c> (learn.microsoft.com/graph/throttling). The bearer token comes from the client-credentials grant
/// (RFC 6749 section 4.4) at the configured token endpoint and is fetched again before it expires or on a 401.
/// </summary>
internal sealed class GraphLogSource(ConnectorSettings settings, TimeProvider time, HttpClient? client = null) : ILogSource
{
    // Directory audits page the same way; their time is activityDateTime (learn.microsoft.com/graph/api/directoryaudit-list).
    private readonly bool _audits = settings.Type == ConnectorType.EntraAudit;

    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private readonly HttpClient _client = client ?? VendorHttp.CreateClient();
    private readonly bool _ownsClient = client is null;
    private string? _token;
    private DateTimeOffset _tokenExpires;

    public LogFormat Format => LogFormat.Entra;

    private string TimeField => _audits ? "activityDateTime" : "createdDateTime";

    public async Task<LogPage> FetchAsync(string? cursor, CancellationToken cancellationToken)
    {
        var (watermark, newest, next) = Parse(cursor);
        var url = next is not null ? CheckedNextLink(next) : SweepUrl(watermark);
        using var response = await SendAsync(url, cancellationToken).ConfigureAwait(false);
        string what = _audits ? "A Graph directoryAudits page" : "A Graph signIns page";
        byte[] body = await VendorHttp.ReadBodyAsync(response, what, cancellationToken).ConfigureAwait(false);
        string? nextLink;
        byte[] records;
        int count;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = FormatEventReader.MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
            {
                throw new ConnectorException(what + " has no \"value\" array.");
            }

            nextLink = document.RootElement.TryGetProperty("@odata.nextLink", out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
            records = Encoding.UTF8.GetBytes(value.GetRawText());
            count = value.GetArrayLength();
            foreach (var record in value.EnumerateArray())
            {
                // A record without a readable time is the reader's to refuse; it does not move the watermark.
                if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty(TimeField, out var created) && created.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at > newest && at <= time.GetUtcNow().AddHours(1))
                {
                    newest = at;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ConnectorException(FormattableString.Invariant($"{what} is not valid JSON at byte {ex.BytePositionInLine}."));
        }

        return nextLink is not null
            ? new LogPage(records, count, CursorOf(watermark, newest, nextLink), CaughtUp: false, null)
            : new LogPage(records, count, CursorOf(newest, newest, null), CaughtUp: true, null);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            bool fresh = await EnsureTokenAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            var response = await Send(request, _audits ? "Graph directoryAudits" : "Graph signIns", cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                // An expired or revoked token: fetched once more before the failure counts.
                if (response.StatusCode == HttpStatusCode.Unauthorized && !fresh && attempt == 0)
                {
                    _token = null;
                    continue;
                }

                var retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                    ? VendorHttp.RetryAfter(response, time.GetUtcNow())
                    : null;
                throw VendorHttp.Failure(_audits ? "Graph directoryAudits" : "Graph signIns", response, retry);
            }
        }
    }

    /// <summary>Fetches a token when there is none or it expires within five minutes; true when it fetched one.</summary>
    private async Task<bool> EnsureTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is not null && time.GetUtcNow() < _tokenExpires - RefreshBefore)
        {
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", settings.ClientId!),
                new("client_secret", settings.Secret.Reveal()),
                new("scope", settings.Scope),
            ]),
        };
        using var response = await Send(request, "The token endpoint", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The body (an OAuth error) is not quoted: some servers echo the request, secret included.
            throw VendorHttp.Failure("The token endpoint", response, response.StatusCode == HttpStatusCode.TooManyRequests ? VendorHttp.RetryAfter(response, time.GetUtcNow()) : null);
        }

        byte[] body = await VendorHttp.ReadBodyAsync(response, "The token answer", cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString()!.Length == 0)
            {
                throw new ConnectorException("The token answer has no access_token.");
            }

            int seconds = root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number && expires.TryGetInt32(out int s) && s > 0 ? s : 3_600;
            _token = token.GetString();
            _tokenExpires = time.GetUtcNow().AddSeconds(seconds);
            return true;
        }
        catch (JsonException)
        {
            throw new ConnectorException("The token answer is not valid JSON.");
        }
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException($"{what} could not be reached ({ex.HttpRequestError}).", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException($"{what} did not answer within 60 s.", ex);
        }
    }

    private Uri SweepUrl(DateTimeOffset watermark)
    {
        var from = (watermark - TimeSpan.FromMinutes(settings.LookbackMinutes)).UtcDateTime;
        string filter = TimeField + " ge " + from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        if (settings.SignInEventTypes.Count > 0 && !_audits)
        {
            // The /beta signIns list filters on the event types; /v1.0 returns interactive sign-ins only.
            filter += " and (" + string.Join(" or ", settings.SignInEventTypes.Select(t => $"signInEventTypes/any(t: t eq '{t}')")) + ")";
        }

        return new Uri(settings.Url.AbsoluteUri.TrimEnd('/') + string.Create(CultureInfo.InvariantCulture,
            $"/auditLogs/{(_audits ? "directoryAudits" : "signIns")}?$filter={Uri.EscapeDataString(filter)}&$top={settings.PageSize}"));
    }

    private Uri CheckedNextLink(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri)
            || Uri.Compare(uri, settings.Url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new ConnectorException("The Graph next link does not point at the configured Graph host; it is not followed.");
        }

        return uri;
    }

    // The cursor: "<watermark>|<newest seen in this sweep>|<next link or empty>", times in ISO 8601 UTC.
    private (DateTimeOffset Watermark, DateTimeOffset Newest, string? Next) Parse(string? cursor)
    {
        if (cursor is null)
        {
            var start = settings.Since ?? time.GetUtcNow().AddDays(-1);
            return (start, start, null);
        }

        string[] parts = cursor.Split('|', 3);
        if (parts.Length != 3
            || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var watermark)
            || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var newest))
        {
            throw new ConnectorException("The saved Graph cursor is not readable.");
        }

        return (watermark, newest, parts[2].Length == 0 ? null : parts[2]);
    }

    private static string CursorOf(DateTimeOffset watermark, DateTimeOffset newest, string? next) =>
        string.Create(CultureInfo.InvariantCulture, $"{watermark.UtcDateTime:O}|{newest.UtcDateTime:O}|{next}");

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
