using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Vigil.Server.Security;

/// <summary>
/// Establishes the caller (<see cref="HttpContext.User"/>) in place of ASP.NET Core's authentication middleware: an
/// <c>X-API-Key</c> header is checked by <see cref="ApiKeyService"/> directly; without one, a bearer token goes to
/// the JWT handler when an identity provider is configured. The outcome is the one the framework's middleware gives
/// with the same schemes. The framework asks its handler provider for a new handler object per request and wraps the
/// result in a ticket, a result and tasks: about a tenth of a decision's allocations and 0.6 µs, for a key check that
/// itself costs a dictionary lookup (docs/benchmarks-server.md). Authorization, challenges (401 with
/// <c>WWW-Authenticate</c>) and forbids still go through the framework and the registered schemes, unchanged.
/// </summary>
internal sealed class CallerAuthentication(RequestDelegate next, ApiKeyService keys, ServerOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Headers.TryGetValue(ApiKeyHandler.HeaderName, out var values))
        {
            // A present header decides the scheme, as the API-key-or-bearer selector does: a bad key is not retried as a token.
            if (values.Count > 0 && !string.IsNullOrEmpty(values[0]) && keys.Verify(values[0]!) is { } principal)
            {
                context.User = principal;
            }

            return next(context);
        }

        return options.JwtAuthority is null ? next(context) : WithBearerToken(context);
    }

    private async Task WithBearerToken(HttpContext context)
    {
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (result.Principal is not null)
        {
            context.User = result.Principal;
        }

        await next(context).ConfigureAwait(false);
    }
}
