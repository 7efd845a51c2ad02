using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Runs in front of every console route (an endpoint filter on the group, so a page cannot be added without it):
/// sets the security headers, finds the caller (an API key or bearer token established by
/// <see cref="CallerAuthentication"/>, else the session cookie), sends an unknown caller to sign in, refuses a caller
/// without the route's scope with the 403 page, and refuses a session's POST without its anti-forgery token.
/// </summary>
internal static class ConsoleGate
{
    /// <summary>Scripts, styles and images only from the service itself, no inline script or style, no framing, forms only back to the console.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /// <summary>Largest form a console POST may send: an action names an identity and a few fields; a policy document is the largest.</summary>
    public const int MaxFormBytes = 1 << 20;

    private const string CallerKey = "vigil.console.caller";

    public static ConsoleCaller Caller(HttpContext context) => (ConsoleCaller)context.Items[CallerKey]!;

    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Filter(ConsoleSessions sessions) =>
        (invocation, next) => InvokeAsync(invocation, next, sessions);

    private static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, ConsoleSessions sessions)
    {
        var context = invocation.HttpContext;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer"; // identity ids travel in console URLs
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        var access = context.GetEndpoint()?.Metadata.GetMetadata<ConsoleAccess>() ?? new ConsoleAccess(Scopes.Admin);
        if (access.Public)
        {
            return await next(invocation).ConfigureAwait(false);
        }

        headers.CacheControl = "no-store";
        var options = context.RequestServices.GetRequiredService<ServerOptions>();
        var caller = Find(context, options, sessions);
        if (caller is null)
        {
            if (!string.IsNullOrEmpty(context.Request.Cookies[ConsoleSessions.CookieName]))
            {
                // A session this process does not hold: expired, signed out, or from before a restart (sessions live in
                // memory only, docs/console.md says why). The stale cookie is removed, so the browser stops sending it.
                context.Response.Cookies.Delete(ConsoleSessions.CookieName, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
                ConsoleLog.SessionUnknown(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleGate)));
            }

            if (HttpMethods.IsGet(context.Request.Method))
            {
                string back = context.Request.Path + context.Request.QueryString;
                return Results.Redirect("/console/sign-in?return=" + Uri.EscapeDataString(back));
            }

            return ConsolePage.Message(context, null, StatusCodes.Status401Unauthorized, "Signed out", "Your session has ended (it expired, you signed out, or the service restarted: sessions are kept in memory only). Sign in again and repeat the action.");
        }

        context.Items[CallerKey] = caller;
        if (access.Scope is { } scope && !caller.May(scope))
        {
            Refused(context, "the role lacks scope " + scope);
            return ConsolePage.Message(context, caller, StatusCodes.Status403Forbidden, "Not allowed",
                $"Your role ({caller.RoleName}) may not do this: it needs the '{scope}' scope. Ask an administrator for the analyst role.");
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            string? problem = await CheckFormAsync(context, caller.Session).ConfigureAwait(false);
            if (problem is not null)
            {
                Refused(context, problem);
                return ConsolePage.Message(context, caller, problem.StartsWith("the form", StringComparison.Ordinal) ? StatusCodes.Status400BadRequest : StatusCodes.Status403Forbidden,
                    "Refused", "This form could not be accepted: " + problem + ". Reload the page and try again.");
            }
        }

        return await next(invocation).ConfigureAwait(false);
    }

    private static ConsoleCaller? Find(HttpContext context, ServerOptions options, ConsoleSessions sessions)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return new ConsoleCaller(context.User, null); // API key or bearer token: automation
        }

        if (options.DisableAuthentication)
        {
            // --no-auth: local experiments; the console acts as an administrator, like every other route then.
            var local = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "local"), new Claim("scope", Scopes.Admin)], "none", "sub", null));
            return new ConsoleCaller(local, null);
        }

        var session = sessions.Find(context.Request.Cookies[ConsoleSessions.CookieName]);
        if (session is null)
        {
            return null;
        }

        context.User = session.User;
        return new ConsoleCaller(session.User, session);
    }

    /// <summary>
    /// Every POST is a bounded form; a session's also carries the session's token in its <c>csrf</c> field (the
    /// synchronizer token pattern). A key or token caller sends its credential in a header a browser never adds by
    /// itself, so it needs none.
    /// </summary>
    private static async Task<string?> CheckFormAsync(HttpContext context, ConsoleSession? session)
    {
        if (!context.Request.HasFormContentType)
        {
            return "the form is not a form post (application/x-www-form-urlencoded)";
        }

        if (context.Request.ContentLength is null or > MaxFormBytes)
        {
            return $"the form is larger than {MaxFormBytes >> 10} KiB or has no length";
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        string? token = form["csrf"];
        return token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(session.Csrf))
            ? null
            : "csrf: the anti-forgery token is missing or belongs to another session";
    }

    private static void Refused(HttpContext context, string reason)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleGate));
        ConsoleLog.Refused(logger, context.Request.Method, context.Request.Path.Value ?? "", reason);
    }
}
