using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Alerts;

/// <summary>
/// The alert queue (docs/alerts.md): list and read alerts and incidents (read or analyst scope), act on alerts
/// (analyst scope, <see cref="AlertActions"/>). A key or token bound to a tenant (its <c>tenant</c> claim) sees and
/// acts on that tenant only; an alert of another tenant is answered as if it did not exist.
/// </summary>
internal static class AlertEndpoints
{
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(2);

    /// <summary>Most alerts an incident's answer lists (the rest are paged with <c>GET /v1/alerts?incident=ID</c>).</summary>
    private const int IncidentAlerts = 100;

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/alerts", List).RequireCaller().WithTags("Alerts").WithSummary("Alerts, newest first: filter by tenant, identity, level, status and time; keyset paging");
        app.MapGet("/v1/alerts/{id}", One).RequireCaller().WithTags("Alerts").WithSummary("One alert");
        app.MapGet("/v1/incidents", Incidents).RequireCaller().WithTags("Alerts").WithSummary("Incidents (an identity's alerts close in time), newest first");
        app.MapGet("/v1/incidents/{id}", Incident).RequireCaller().WithTags("Alerts").WithSummary("One incident with its alerts");
        app.MapPost("/v1/alerts/actions", AlertActions.Act).RequireScope(Scopes.Analyst).WithTags("Alerts")
            .WithSummary("confirm_safe, confirm_compromised or dismiss on one or many alerts; answers what each changed");
        return app;
    }

    /// <summary>Null when the caller may read alerts (read, analyst or admin scope), else the 403.</summary>
    internal static IResult? Refuse(ClaimsPrincipal user, ServerOptions options) =>
        options.DisableAuthentication || Scopes.Has(user, Scopes.Read) || Scopes.Has(user, Scopes.Analyst)
            ? null
            : Results.Problem(detail: "Reading alerts needs the read, analyst or admin scope.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    /// <summary>The tenant the caller is bound to (the key's or token's <c>tenant</c> claim), or null when it may see every tenant.</summary>
    internal static string? BoundTenant(ClaimsPrincipal user, ServerOptions options) =>
        options.DisableAuthentication ? null : user.FindFirst(Scopes.TenantClaim)?.Value is { Length: > 0 } tenant ? tenant : null;

    /// <summary>Read your writes: lets the engine writer and the alert queue catch up with what was accepted before the read, unless that takes long.</summary>
    internal static async Task CatchUpAsync(EngineHost engine, AlertWriter alerts, ServerOptions options, CancellationToken aborted)
    {
        try
        {
            await engine.WhenCaughtUpAsync().WaitAsync(CatchUpWait, options.Time, aborted).ConfigureAwait(false);
            await alerts.FlushAsync().WaitAsync(CatchUpWait, options.Time, aborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Behind a backlog: listed as stored so far.
        }
    }

    private static async Task List(HttpContext context, VigilStore store, EngineHost engine, AlertWriter alerts, ServerOptions options)
    {
        if (Refuse(context.User, options) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var filter = AlertQuery.TryRead(context.Request.Query, incidents: false, BoundTenant(context.User, options), out string? error, out bool forbidden);
        if (filter is null)
        {
            await Problem(error!, forbidden).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
        var page = store.ReadAlerts(filter with { Limit = filter.Limit + 1 });
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (page, filter.Limit), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("alerts");
            for (int i = 0; i < Math.Min(s.page.Count, s.Limit); i++)
            {
                AlertJson.WriteAlert(w, s.page[i]);
            }

            w.WriteEndArray();
            WriteCursor(w, s.page.Count > s.Limit ? AlertCursor.Encode('a', s.page[s.Limit - 1].Id) : null);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task One(HttpContext context, string id, VigilStore store, EngineHost engine, AlertWriter alerts, ServerOptions options)
    {
        if (Refuse(context.User, options) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!TryId(id, out long alertId))
        {
            await HttpJson.BadRequest("id: an alert id is a whole number from 1 up.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
        var alert = store.ReadAlert(alertId);
        if (alert is null || !Visible(alert.Tenant, context.User, options))
        {
            await NotFound("alert", id).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, alert, AlertJson.WriteAlert).ConfigureAwait(false);
    }

    private static async Task Incidents(HttpContext context, VigilStore store, EngineHost engine, AlertWriter alerts, ServerOptions options)
    {
        if (Refuse(context.User, options) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var filter = AlertQuery.TryRead(context.Request.Query, incidents: true, BoundTenant(context.User, options), out string? error, out bool forbidden);
        if (filter is null)
        {
            await Problem(error!, forbidden).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
        var page = store.ReadIncidents(filter with { Limit = filter.Limit + 1 });
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (page, filter.Limit), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("incidents");
            for (int i = 0; i < Math.Min(s.page.Count, s.Limit); i++)
            {
                AlertJson.WriteIncident(w, s.page[i]);
            }

            w.WriteEndArray();
            WriteCursor(w, s.page.Count > s.Limit ? AlertCursor.Encode('i', s.page[s.Limit - 1].Id) : null);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task Incident(HttpContext context, string id, VigilStore store, EngineHost engine, AlertWriter alerts, ServerOptions options)
    {
        if (Refuse(context.User, options) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!TryId(id, out long incidentId))
        {
            await HttpJson.BadRequest("id: an incident id is a whole number from 1 up.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
        var incident = store.ReadIncident(incidentId);
        if (incident is null || !Visible(incident.Tenant, context.User, options))
        {
            await NotFound("incident", id).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var members = store.ReadAlerts(new AlertFilter { IncidentId = incidentId, Limit = IncidentAlerts });
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (incident, members), static (w, s) =>
        {
            w.WriteStartObject();
            w.WritePropertyName("incident");
            AlertJson.WriteIncident(w, s.incident);
            w.WriteStartArray("alerts");
            foreach (var a in s.members)
            {
                AlertJson.WriteAlert(w, a);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static bool Visible(string tenant, ClaimsPrincipal user, ServerOptions options) =>
        BoundTenant(user, options) is not { } bound || string.Equals(bound, tenant, StringComparison.Ordinal);

    internal static bool TryId(string text, out long id)
    {
        id = 0;
        return text.Length <= 19 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    private static void WriteCursor(Utf8JsonWriter w, string? cursor)
    {
        if (cursor is null)
        {
            w.WriteNull("next_cursor");
        }
        else
        {
            w.WriteString("next_cursor", cursor);
        }
    }

    private static IResult Problem(string error, bool forbidden) => forbidden
        ? Results.Problem(detail: error, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden")
        : HttpJson.BadRequest(error);

    internal static IResult NotFound(string what, string id) =>
        Results.Problem(detail: $"No {what} has id '{(id.Length <= 40 ? id : id[..40] + "...")}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
