using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Vigil.Core.Decisions;
using Vigil.Server.Authzen;
using Vigil.Server.Http;
using Vigil.Server.Security;

namespace Vigil.Server.Gateway;

/// <summary>
/// <c>/v1/forward-auth</c>: Vigil behind the gateways people run (issue 18, items 3 and 4), in the shape nginx
/// <c>auth_request</c>, Caddy <c>forward_auth</c> and Traefik <c>forwardAuth</c> expect: the gateway, authenticated
/// with an evaluate-scope key, forwards the original request's method and URI (<c>X-Original-Method</c>/<c>-URI</c>,
/// or <c>X-Forwarded-Method</c>/<c>-Uri</c>), the user it authenticated (<c>X-Forwarded-User</c>,
/// <c>X-Auth-Request-User</c> or <c>Remote-User</c>: trusted because the gateway is), the client address
/// (<see cref="ClientAddress"/>: the right end of <c>X-Real-IP</c>/<c>X-Forwarded-For</c>/<c>Forwarded</c> past the
/// operator's trusted proxies) and the user agent. Each request becomes an observed AuthZEN evaluation (method to action, path to a <c>route</c> resource), so
/// it is decided by the policy, audited, and learned like any other event. 200 permits (with <c>X-Vigil-*</c> headers
/// the gateway can forward), 401 with an RFC 9470 step-up challenge asks the front end to send the user back to the
/// identity provider, 403 denies. Anything else (Vigil down, a 400) makes the gateway fail closed.
/// </summary>
internal static class ForwardAuthEndpoints
{
    private const int MaxValueChars = 2048;

    public static IEndpointRouteBuilder MapForwardAuth(this IEndpointRouteBuilder app)
    {
        app.Map("/v1/forward-auth", Decide).RequireScope(Scopes.Evaluate).WithTags("Gateway")
            .WithSummary("Forward authentication for nginx auth_request, Caddy forward_auth, Traefik forwardAuth: 200, 401 step-up or 403");
        return app;
    }

    private static async Task Decide(HttpContext context, EvaluationService evaluations, ClientAddress clients, [FromServices] UserTokenValidator? tokens = null)
    {
        var headers = context.Request.Headers;
        string method = First(headers, "X-Original-Method", "X-Forwarded-Method") ?? context.Request.Method;
        string uri = First(headers, "X-Original-URI", "X-Forwarded-Uri") ?? "/";
        string? user = First(headers, "X-Forwarded-User", "X-Auth-Request-User", "Remote-User");
        var telemetry = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tokens is not null && UserToken(headers) is { } token)
        {
            // The user's own token, proven by the identity provider's signature, wins over what the gateway says.
            var (validated, acr, session) = await tokens.ValidateAsync(token, context.RequestAborted).ConfigureAwait(false);
            if (validated is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            user = validated;
            if (acr is { Length: <= 64 })
            {
                telemetry["acr"] = acr;
            }

            if (session is { Length: <= 512 })
            {
                telemetry["session_id"] = session;
            }
        }

        if (user is null)
        {
            // No identity: the front end must sign the user in first.
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (Longest(method, uri, user) is { } tooLong)
        {
            await HttpJson.BadRequest(tooLong).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        int query = uri.IndexOfAny(['?', '#']);
        string path = query < 0 ? uri : uri[..query];
        if (clients.Of(headers) is { } ip)
        {
            telemetry["ip"] = ip;
        }

        if (First(headers, "User-Agent") is { } agent)
        {
            telemetry["user_agent"] = agent.Length > MaxValueChars ? agent[..MaxValueChars] : agent;
        }

        if (First(headers, "X-Vigil-Tenant") is { } tenant)
        {
            telemetry["tenant"] = tenant;
        }

        var question = new AuthzenEvaluation(
            new AuthzenEntity("user", user, default),
            new AuthzenAction(ActionOf(method), default),
            new AuthzenEntity("route", path, JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["method"] = method.ToUpperInvariant() })),
            JsonSerializer.SerializeToElement(telemetry));
        var (result, error) = await evaluations.EvaluateAsync(question, context.TraceIdentifier).ConfigureAwait(false);
        if (error is not null)
        {
            await HttpJson.BadRequest(error).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var d = result.Decision;
        var response = context.Response.Headers;
        response["X-Vigil-Decision"] = DecisionMapper.OutcomeText(d.Outcome);
        response["X-Vigil-Decision-Id"] = result.DecisionId;
        response["X-Vigil-Risk-Level"] = DecisionMapper.LevelText(result.Assessment.Level);
        response["X-Vigil-Risk-Score"] = result.Assessment.Score.ToString(CultureInfo.InvariantCulture);
        response.CacheControl = "no-store";
        switch (d.Outcome)
        {
            case DecisionOutcome.Permit or DecisionOutcome.Limit:
                context.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case DecisionOutcome.StepUp:
                // RFC 9470 section 3: the challenge an OIDC-aware front end turns into a new authorization request.
                string challenge = "Bearer error=\"insufficient_user_authentication\", error_description=\"A stronger or more recent authentication is required\"";
                if (d.AcrValues is not null)
                {
                    challenge += ", acr_values=\"" + d.AcrValues + "\"";
                }

                if (d.MaxAgeSeconds is int maxAge)
                {
                    challenge += ", max_age=" + maxAge.ToString(CultureInfo.InvariantCulture);
                }

                response.WWWAuthenticate = challenge;
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                break;
        }
    }

    /// <summary>
    /// The end user's access token: <c>X-Forwarded-Access-Token</c> (oauth2-proxy's convention), else the original
    /// request's <c>Authorization: Bearer</c> when the gateway itself authenticated with an API key (a gateway that
    /// authenticates with a bearer token uses that header for its own credential).
    /// </summary>
    private static string? UserToken(IHeaderDictionary headers)
    {
        if (First(headers, "X-Forwarded-Access-Token") is { } forwarded)
        {
            return forwarded;
        }

        return headers.ContainsKey(ApiKeyHandler.HeaderName) && First(headers, "Authorization") is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization[7..].Trim()
            : null;
    }

    /// <summary>Safe methods read; DELETE deletes; anything else writes.</summary>
    private static string ActionOf(string method) => method.ToUpperInvariant() switch
    {
        "GET" or "HEAD" or "OPTIONS" => "read",
        "DELETE" => "delete",
        _ => "write",
    };

    private static string? First(IHeaderDictionary headers, params string[] names)
    {
        foreach (string name in names)
        {
            if (headers.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[^1]))
            {
                return values[^1]!.Trim();
            }
        }

        return null;
    }

    private static string? Longest(string method, string uri, string user) =>
        method.Length > 16 ? "X-Original-Method: not an HTTP method."
        : uri.Length > MaxValueChars ? $"X-Original-URI: longer than {MaxValueChars} characters."
        : user.Length > 512 ? "X-Forwarded-User: longer than 512 characters."
        : null;
}
