using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// The analyst console (issue 17, docs/console.md): server-rendered pages under <c>/console</c>, in the service's own
/// process. Every route passes <see cref="ConsoleGate"/>; the group is marked anonymous for the service's scope
/// check because the gate does its own (sessions as well as keys), with a page instead of a bare 401/403.
/// </summary>
internal static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Startup.ChosenSettings>().Value; // not validated yet: ChosenSettings says why
        var sessions = new ConsoleSessions(options);
        var oidc = options.ConsoleClientId is null || options.JwtAuthority is null ? null : new ConsoleOidc(options);
        if (oidc is not null)
        {
            app.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(oidc.Dispose);
        }

        var group = app.MapGroup("/console").AllowAnonymous().ExcludeFromDescription().AddEndpointFilter(ConsoleGate.Filter(sessions));
        group.MapGet("/", () => Results.Redirect("/console/identities")).WithMetadata(new ConsoleAccess(Scopes.Read));
        ConsoleAssets.Map(group);
        SignInEndpoints.Map(group, sessions, oidc, options);
        IdentityPages.Map(group);
        RiskyIdentityActions.Map(group);
        AlertPages.Map(group);
        DecisionPages.Map(group);
        PolicyPages.Map(group);
        OperationsPage.Map(group);
        return app;
    }
}
