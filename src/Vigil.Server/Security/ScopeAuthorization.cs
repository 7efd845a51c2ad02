using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Vigil.Server.Security;

/// <summary>
/// Authorizes each request for its endpoint, in place of ASP.NET Core's authorization middleware: an endpoint marked
/// <see cref="RequiredScope"/> needs an authenticated caller (else 401 through the default challenge scheme, with its
/// <c>WWW-Authenticate</c>) holding that scope (else 403); one marked anonymous (<see cref="IAllowAnonymous"/>) is
/// open; any other endpoint, one that declares nothing (routing's own 405 answers, or a route added without a
/// decision), needs an authenticated caller, so a route cannot be left open by omission. When both marks are
/// present, the scope wins. The framework's middleware answers the same questions through a policy provider, a
/// policy evaluator, an authorization service, a handler context, a requirement set and several tasks created per
/// request: about a tenth of a decision's allocations and 0.5 µs (docs/benchmarks-server.md), for what is one
/// claim check here.
/// </summary>
internal sealed class ScopeAuthorization(RequestDelegate next, ServerOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || options.DisableAuthentication)
        {
            return next(context); // no endpoint: routing answers 404 with nothing to protect
        }

        var required = endpoint.Metadata.GetMetadata<RequiredScope>();
        if (required is null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return next(context);
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return context.ChallengeAsync();
        }

        if (required?.Scope is { } scope && !Scopes.Has(user, scope))
        {
            return context.ForbidAsync();
        }

        return next(context);
    }
}
