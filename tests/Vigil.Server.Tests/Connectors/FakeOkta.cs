using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// A local Okta System Log API (Kestrel, real HTTP) that behaves as developer.okta.com documents it: <c>since</c> on
/// the first call, an opaque <c>after</c> cursor in the <c>Link: rel="next"</c> header (also on an empty page: the
/// poller keeps it), <c>limit</c> up to 1,000, <c>SSWS</c> tokens, and rate-limit headers per minute window with a
/// 429 once the window is used up. Events added later are returned after the cursor even when published earlier
/// (late events). Faults can be queued for the next requests.
/// </summary>
public sealed class FakeOkta : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<string> _events = [];
    private readonly Queue<int> _faults = new();
    private long _windowStart;
    private int _windowUsed;

    private FakeOkta(WebApplication app, TimeProvider time, string token)
    {
        _app = app;
        _time = time;
        Token = token;
    }

    public string Token { get; }

    public string Url => _app.Urls.First();

    /// <summary>Requests per one-minute window before 429 (Okta's System Log limit is about 120 a minute per org).</summary>
    public int RateLimit { get; set; } = 1_000;

    /// <summary>Each request: its path and query, and the fake clock's time when it arrived.</summary>
    public List<(string Query, DateTimeOffset At, int Status)> Requests { get; } = [];

    public static async Task<FakeOkta> StartAsync(TimeProvider time, string token = "00TestOktaApiToken-secret-value")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeOkta(app, time, token);
        app.MapGet("/api/v1/logs", fake.Logs);
        await app.StartAsync();
        return fake;
    }

    /// <summary>An Okta sign-in event; <paramref name="published"/> is its time.</summary>
    public static string Event(string uuid, DateTimeOffset published, string user = "alice@example.com", string result = "SUCCESS") =>
        string.Create(CultureInfo.InvariantCulture,
            $$$"""{"uuid":"{{{uuid}}}","published":"{{{published.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}}","eventType":"user.session.start","legacyEventType":"core.user_auth.login_success","displayMessage":"User login to Okta","severity":"INFO","actor":{"id":"00u1","type":"User","alternateId":"{{{user}}}","displayName":"Alice"},"client":{"ipAddress":"81.2.69.142","userAgent":{"rawUserAgent":"Mozilla/5.0","os":"Mac OS X","browser":"CHROME"},"geographicalContext":{"country":"United Kingdom","city":"London"}},"outcome":{"result":"{{{result}}}"},"authenticationContext":{"externalSessionId":"s1"},"target":[]}""");

    public void Add(params string[] events)
    {
        lock (_gate)
        {
            _events.AddRange(events);
        }
    }

    /// <summary>The next request answers <paramref name="status"/> (429 with X-Rate-Limit-Reset a minute on, 500, 401).</summary>
    public void Fail(int status)
    {
        lock (_gate)
        {
            _faults.Enqueue(status);
        }
    }

    private async Task Logs(HttpContext context)
    {
        string body;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            long window = now.ToUnixTimeSeconds() / 60 * 60;
            if (window != _windowStart)
            {
                _windowStart = window;
                _windowUsed = 0;
            }

            _windowUsed++;
            int remaining = Math.Max(0, RateLimit - _windowUsed);
            context.Response.Headers["X-Rate-Limit-Limit"] = RateLimit.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Rate-Limit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Rate-Limit-Reset"] = (window + 60).ToString(CultureInfo.InvariantCulture);
            string query = context.Request.QueryString.Value ?? "";
            int status = context.Request.Headers.Authorization.ToString() != "SSWS " + Token ? 401
                : _windowUsed > RateLimit ? 429
                : _faults.TryDequeue(out int fault) ? fault
                : 200;
            Requests.Add((query, now, status));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status != 200)
            {
                // Okta's error object; the 401 echoes what it was sent, so a test can see that bodies are never logged.
                body = status == 401
                    ? $$"""{"errorCode":"E0000011","errorSummary":"Invalid token provided: {{context.Request.Headers.Authorization}}"}"""
                    : $$"""{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}""";
            }
            else
            {
                int start = Start(context.Request, out string? error);
                if (error is not null)
                {
                    context.Response.StatusCode = 400;
                    body = $$"""{"errorCode":"E0000031","errorSummary":"{{error}}"}""";
                }
                else
                {
                    int limit = int.TryParse(context.Request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out int l) ? Math.Clamp(l, 1, 1_000) : 100;
                    var page = _events.Skip(start).Take(limit).ToList();
                    string self = $"{Url}/api/v1/logs{query}";
                    string next = string.Create(CultureInfo.InvariantCulture, $"{Url}/api/v1/logs?limit={limit}&sortOrder=ASCENDING&after=c{start + page.Count}");
                    context.Response.Headers.Append("Link", $"<{self}>; rel=\"self\"");
                    context.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
                    body = "[" + string.Join(",", page) + "]";
                }
            }
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>The index the request starts at: after its cursor, or the first event published at or after <c>since</c>.</summary>
    private int Start(HttpRequest request, out string? error)
    {
        error = null;
        string? after = request.Query["after"];
        if (after is not null)
        {
            if (after.StartsWith('c') && int.TryParse(after.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index <= _events.Count)
            {
                return index;
            }

            error = "Invalid after cursor";
            return 0;
        }

        if (!DateTimeOffset.TryParse(request.Query["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            error = "since is required";
            return 0;
        }

        int i = _events.FindIndex(e => DateTimeOffset.Parse(e.Split("\"published\":\"")[1].Split('"')[0], CultureInfo.InvariantCulture) >= since);
        return i < 0 ? _events.Count : i;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
