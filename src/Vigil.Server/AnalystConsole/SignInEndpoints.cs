using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>Sign-in through the OpenID provider, its callback, sign-out (docs/console.md, "Signing in").</summary>
internal static class SignInEndpoints
{
    private const int MaxParameterLength = 4096;

    public static void Map(RouteGroupBuilder group, ConsoleSessions sessions, ConsoleOidc? oidc, ServerOptions options)
    {
        group.MapGet("/sign-in", (HttpContext context, string? @return) => SignIn(context, @return, sessions, oidc)).WithMetadata(new ConsoleAccess(null, Public: true));
        group.MapGet("/callback", (HttpContext context, string? code, string? state, string? error) => Callback(context, code, state, error, sessions, oidc, options))
            .WithMetadata(new ConsoleAccess(null, Public: true));
        group.MapPost("/sign-out", (HttpContext context) => SignOut(context, sessions)).WithMetadata(new ConsoleAccess(null));
        group.MapGet("/signed-out", (HttpContext context) => ConsolePage.Message(context, null, StatusCodes.Status200OK, "Signed out", "You are signed out of the Vigil console."))
            .WithMetadata(new ConsoleAccess(null, Public: true));
    }

    /// <summary>A console path to come back to; anything else (another site, a scheme-relative URL) becomes the start page.</summary>
    internal static string SafeReturn(string? path) =>
        path is { Length: > 0 and <= 2048 } && path.StartsWith("/console", StringComparison.Ordinal) && !path.StartsWith("//", StringComparison.Ordinal)
            && !path.Contains('\\', StringComparison.Ordinal) ? path : "/console/";

    private static async Task<IResult> SignIn(HttpContext context, string? returnPath, ConsoleSessions sessions, ConsoleOidc? oidc)
    {
        if (oidc is null)
        {
            return ConsolePage.Message(context, null, StatusCodes.Status200OK, "Sign in",
                "Sign-in through an OpenID provider is not configured on this service (--console-client-id). Automation can send an API key in the X-API-Key header.");
        }

        try
        {
            return Results.Redirect(await oidc.AuthorizeUrlAsync(sessions, SafeReturn(returnPath), context.RequestAborted).ConfigureAwait(false));
        }
        catch (InvalidOperationException)
        {
            // The configuration manager wraps discovery failures so.
            return ConsolePage.Message(context, null, StatusCodes.Status503ServiceUnavailable, "Sign-in unavailable",
                "The OpenID provider's discovery document could not be read; try again in a moment.");
        }
    }

    private static async Task<IResult> Callback(HttpContext context, string? code, string? state, string? error, ConsoleSessions sessions, ConsoleOidc? oidc, ServerOptions options)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInEndpoints));
        IResult Refuse(int status, string message)
        {
            ConsoleLog.SignInRefused(logger, message);
            return ConsolePage.Message(context, null, status, "Sign-in failed", message);
        }

        if (oidc is null)
        {
            return Refuse(StatusCodes.Status404NotFound, "Sign-in through an OpenID provider is not configured on this service.");
        }

        if (error is not null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "error: the provider ended the sign-in with '" + Truncate(error) + "'.");
        }

        if (string.IsNullOrEmpty(state) || state.Length > MaxParameterLength)
        {
            return Refuse(StatusCodes.Status400BadRequest, "state: missing or too long; start the sign-in again.");
        }

        if (string.IsNullOrEmpty(code) || code.Length > MaxParameterLength)
        {
            return Refuse(StatusCodes.Status400BadRequest, "code: missing or too long; start the sign-in again.");
        }

        if (sessions.TakeSignIn(state) is not { } pending)
        {
            return Refuse(StatusCodes.Status400BadRequest, "state: no sign-in in progress has this state (used already, expired after 10 minutes, or started elsewhere); start again.");
        }

        ClaimsIdentity? identity;
        string? problem;
        try
        {
            (identity, problem) = await oidc.CompleteAsync(code, pending, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            (identity, problem) = (null, "The OpenID provider's discovery document could not be read.");
        }

        if (identity is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, problem!);
        }

        var role = ConsoleRoles.Parse(identity.FindAll(options.ConsoleRoleClaim).Select(c => c.Value));
        string subject = identity.FindFirst("sub")!.Value;
        if (role == ConsoleRole.None)
        {
            return Refuse(StatusCodes.Status403Forbidden, $"Your account has no console role: the ID token's '{options.ConsoleRoleClaim}' claim must be viewer, analyst or admin.");
        }

        string display = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("name")?.Value ?? subject;
        var claims = new List<Claim> { new("sub", subject), new("scope", ConsoleRoles.ScopesOf(role)), new("console_role", ConsoleRoles.Name(role)) };
        if (identity.FindFirst(Scopes.TenantClaim) is { } tenant)
        {
            claims.Add(new Claim(Scopes.TenantClaim, tenant.Value));
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity(claims, "console", "sub", "console_role"));
        var session = sessions.Create(user, Truncate(display), role);
        context.Response.Cookies.Append(ConsoleSessions.CookieName, session.Id, new CookieOptions
        {
            // __Host-: Secure, Path=/ and no Domain, so no sibling host can set or shadow it (RFC 6265bis, 4.1.3.2).
            // Lax, not Strict: the provider's redirect back here is a cross-site navigation, and Strict would withhold
            // the cookie from the page it leads to. A cross-site POST still goes without it, and every POST carries
            // the session's anti-forgery token besides.
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = TimeSpan.FromMinutes(options.ConsoleSessionMinutes),
            IsEssential = true,
        });
        ConsoleLog.SignedIn(logger, ConsoleRoles.Name(role));
        ConsoleLog.SignedInAs(logger, subject, ConsoleRoles.Name(role));
        return Results.Redirect(pending.ReturnPath);
    }

    private static IResult SignOut(HttpContext context, ConsoleSessions sessions)
    {
        if (ConsoleGate.Caller(context).Session is { } session)
        {
            sessions.End(session.Id);
            context.Response.Cookies.Delete(ConsoleSessions.CookieName, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
            ConsoleLog.SignedOut(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInEndpoints)));
        }

        return Results.Redirect("/console/signed-out", permanent: false, preserveMethod: false);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
