using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Connectors;

/// <summary>
/// A local Microsoft identity platform token endpoint and Graph <c>/auditLogs/signIns</c> (Kestrel, real HTTP), as
/// learn.microsoft.com documents them: the client-credentials grant with <c>expires_in</c>; sign-ins newest first,
/// <c>$filter=createdDateTime ge ...</c>, <c>$top</c> up to 1,000, <c>@odata.nextLink</c> with an opaque
/// <c>$skiptoken</c> over the result as it was when the listing began; 401 <c>InvalidAuthenticationToken</c> for an
/// expired token; queued 429 / 503 faults with <c>Retry-After</c>.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset Created, string Json)> _signIns = [];
    private readonly List<(DateTimeOffset Created, string Json)> _audits = [];
    private readonly Dictionary<int, List<string>> _listings = [];
    private readonly Dictionary<string, DateTimeOffset> _tokens = [];
    private readonly Queue<int> _faults = new();

    private FakeGraph(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public const string ClientId = "11111111-2222-3333-4444-555555555555";

    public string ClientSecret { get; } = "graph~client~secret~value";

    public string Url => _app.Urls.First();

    public string TokenEndpoint => Url + "/tenant-1/oauth2/v2.0/token";

    public string GraphUrl => Url + "/v1.0";

    /// <summary>Lifetime of the tokens it issues. Default an hour, as Entra's.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int TokensIssued { get; private set; }

    public List<(string Query, DateTimeOffset At, int Status)> Requests { get; } = [];

    public static async Task<FakeGraph> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraph(app, time);
        app.MapPost("/tenant-1/oauth2/v2.0/token", fake.Token);
        app.MapGet("/v1.0/auditLogs/signIns", c => fake.List(c, fake._signIns, "createdDateTime", "signIns"));
        app.MapGet("/v1.0/auditLogs/directoryAudits", c => fake.List(c, fake._audits, "activityDateTime", "directoryAudits"));
        await app.StartAsync();
        return fake;
    }

    /// <summary>A Graph <c>signIn</c> (an interactive sign-in to Office 365).</summary>
    public static string SignIn(string id, DateTimeOffset created, int errorCode = 0) =>
        string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"{{{id}}}","createdDateTime":"{{{created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}}","userDisplayName":"Bob","userPrincipalName":"bob@contoso.com","userId":"u-1","appId":"00000002-0000-0ff1-ce00-000000000000","appDisplayName":"Office 365 Exchange Online","ipAddress":"81.2.69.142","clientAppUsed":"Browser","correlationId":"c-{{{id}}}","conditionalAccessStatus":"success","isInteractive":true,"riskLevelAggregated":"none","status":{"errorCode":{{{errorCode}}},"failureReason":null},"deviceDetail":{"deviceId":"","operatingSystem":"Windows 10","browser":"Edge 120","isCompliant":false,"isManaged":false},"location":{"city":"London","state":"England","countryOrRegion":"GB","geoCoordinates":{"latitude":51.5,"longitude":-0.12}},"authenticationRequirement":"singleFactorAuthentication"}""");

    /// <summary>A Graph <c>directoryAudit</c>: an administrator adds a user to a role.</summary>
    public static string Audit(string id, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"{{{id}}}","category":"RoleManagement","correlationId":"c-{{{id}}}","result":"success","resultReason":"","activityDisplayName":"Add member to role","activityDateTime":"{{{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}}","loggedByService":"Core Directory","operationType":"Assign","initiatedBy":{"user":{"id":"u-admin","displayName":"Admin","userPrincipalName":"admin@contoso.com","ipAddress":"81.2.69.142"}},"targetResources":[{"id":"u-1","displayName":"Bob","type":"User","userPrincipalName":"bob@contoso.com","modifiedProperties":[{"displayName":"Role.DisplayName","oldValue":null,"newValue":"\"Global Administrator\""}]}],"additionalDetails":[]}""");

    public void AddAudit(DateTimeOffset at, string json)
    {
        lock (_gate)
        {
            _audits.Add((at, json));
        }
    }

    public void Add(DateTimeOffset created, string json)
    {
        lock (_gate)
        {
            _signIns.Add((created, json));
        }
    }

    public void Fail(int status)
    {
        lock (_gate)
        {
            _faults.Enqueue(status);
        }
    }

    /// <summary>Every token issued so far stops working, as a revoked or expired one would.</summary>
    public void ExpireTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    private async Task Token(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        string body;
        lock (_gate)
        {
            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["scope"] != "https://graph.microsoft.com/.default")
            {
                context.Response.StatusCode = 401;
                // Echoes the secret it got: the connector must never put a token endpoint's body in a log.
                body = $$"""{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: {{form["client_secret"]}}"}""";
            }
            else
            {
                string token = FormattableString.Invariant($"eyJ0eXAi.fake-access-token-{++TokensIssued}");
                _tokens[token] = _time.GetUtcNow() + TokenLifetime;
                body = FormattableString.Invariant($$"""{"token_type":"Bearer","expires_in":{{(int)TokenLifetime.TotalSeconds}},"ext_expires_in":{{(int)TokenLifetime.TotalSeconds}},"access_token":"{{token}}"}""");
            }
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    private async Task List(HttpContext context, List<(DateTimeOffset Created, string Json)> items, string timeField, string name)
    {
        string body;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            string auth = context.Request.Headers.Authorization.ToString();
            bool valid = auth.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(auth[7..], out var expires) && now < expires;
            int status = !valid ? 401 : _faults.TryDequeue(out int fault) ? fault : 200;
            Requests.Add((context.Request.QueryString.Value ?? "", now, status));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status is 429 or 503)
            {
                context.Response.Headers.RetryAfter = "30";
            }

            body = status switch
            {
                401 => """{"error":{"code":"InvalidAuthenticationToken","message":"Lifetime validation failed, the token is expired."}}""",
                429 => """{"error":{"code":"TooManyRequests","message":"Too many requests."}}""",
                200 => Page(context.Request, items, timeField, name),
                _ => """{"error":{"code":"ServiceUnavailable","message":"Service unavailable."}}""",
            };
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    private string Page(HttpRequest request, List<(DateTimeOffset Created, string Json)> items, string timeField, string name)
    {
        string filter = request.Query["$filter"].ToString();
        int top = int.TryParse(request.Query["$top"], NumberStyles.None, CultureInfo.InvariantCulture, out int t) ? Math.Clamp(t, 1, 1_000) : 1_000;
        string? skip = request.Query["$skiptoken"];
        int listing;
        int offset = 0;
        if (skip is null)
        {
            string prefix = timeField + " ge ";
            if (!filter.StartsWith(prefix, StringComparison.Ordinal))
            {
                return """{"error":{"code":"BadRequest","message":"Invalid filter clause"}}""";
            }

            var from = DateTimeOffset.Parse(filter.AsSpan(prefix.Length, 20), CultureInfo.InvariantCulture);
            listing = _listings.Count + 1;
            _listings[listing] = items.Where(s => s.Created >= from).OrderByDescending(s => s.Created).Select(s => s.Json).ToList();
        }
        else
        {
            string[] parts = skip.Split('-');
            listing = int.Parse(parts[0], CultureInfo.InvariantCulture);
            offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        var all = _listings[listing];
        var page = all.Skip(offset).Take(top).ToList();
        string next = offset + page.Count < all.Count
            ? string.Create(CultureInfo.InvariantCulture, $",\"@odata.nextLink\":\"{GraphUrl}/auditLogs/{name}?$top={top}&$skiptoken={listing}-{offset + page.Count}\"")
            : "";
        return $$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/{{name}}"{{next}},"value":[{{string.Join(",", page)}}]}""";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
