using Vigil.Server.Alerts;
using Vigil.Server.AnalystConsole;
using Vigil.Server.Audit;
using Vigil.Server.Authzen;
using Vigil.Server.Connectors;
using Vigil.Server.Feedback;
using Vigil.Server.Gateway;
using Vigil.Server.Identities;
using Vigil.Server.Ingestion;
using Vigil.Server.Operations;
using Vigil.Server.Policies;
using Vigil.Server.Risk;
using Vigil.Server.Security;
using Vigil.Server.SharedSignals;

namespace Vigil.Server;

/// <summary>Serves what <see cref="VigilServiceCollectionExtensions.AddVigil(IServiceCollection, Action{ServerOptions})"/> registered.</summary>
public static class VigilApplicationExtensions
{
    /// <summary>
    /// Adds Vigil's middleware (problem details for errors, <c>X-Request-ID</c> echo, caller authentication, rate
    /// limits, scope authorization) and maps every route: AuthZEN, ingestion, feedback, alerts, identities, risk,
    /// forward-auth, policies, administration, audit, health, shared signals, connectors, the analyst console,
    /// OpenAPI and <c>/metrics</c>. Call it where Vigil's middleware should run; middleware added before it sees every
    /// request. Routes the application maps itself pass through the same authorization: one that declares no scope
    /// needs an authenticated Vigil caller unless it is marked <c>AllowAnonymous()</c>, so no route is open by omission.
    /// </summary>
    public static WebApplication MapVigil(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(static (context, next) =>
        {
            // X-Request-ID is echoed so enforcement points can correlate (AuthZEN 1.0, "Request Identification").
            if (context.Request.Headers.TryGetValue("X-Request-ID", out var id))
            {
                context.Response.Headers["X-Request-ID"] = id;
            }

            return next(context);
        });
        app.UseCallerAuthentication(); // in place of UseAuthentication (CallerAuthentication says why)
        app.UseRateLimiter();
        app.UseScopeAuthorization(); // in place of UseAuthorization (ScopeAuthorization says why)

        app.MapAuthzen();
        app.MapAuthzenSearch();
        app.MapIngestion();
        app.MapFeedback();
        app.MapAlerts();
        app.MapIdentities();
        app.MapRisk();
        app.MapForwardAuth();
        app.MapPolicies();
        app.MapAdmin();
        app.MapAudit();
        app.MapHealth();
        app.MapEngineStatus();
        app.MapSharedSignals();
        app.MapSharedSignalsReceiver();
        app.MapConnectors();
        app.MapConsole();
        app.MapOpenApi().AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
