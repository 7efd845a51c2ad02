using System.Globalization;
using System.Text.Json;
using Vigil.Server.Alerts;
using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// The alert queue (issues 13 and 17): the stored alerts, newest first, filtered by status and level, and for analysts
/// confirm safe, confirm compromised or dismiss on one or many at once, through the same path as
/// <c>POST /v1/alerts/actions</c> (feedback journaled, status set, audited), answered with what each action changed.
/// </summary>
internal static class AlertPages
{
    private const int PageSize = 50;

    private static readonly (string Value, string Text)[] Statuses =
        [("open", "open"), ("", "any"), ("confirmed_safe", "confirmed safe"), ("confirmed_compromised", "confirmed compromised"), ("dismissed", "dismissed")];

    private static readonly (string Value, string Text)[] Levels = [("", "any"), ("low", "low"), ("medium", "medium"), ("high", "high"), ("critical", "critical")];

    private static readonly (string Value, string Text)[] Actions =
        [("confirm_safe", "Confirm safe"), ("confirm_compromised", "Confirm compromised"), ("dismiss", "Dismiss (benign true positive)")];

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/alerts", Show).WithMetadata(new ConsoleAccess(Scopes.Read));
        group.MapPost("/alerts/act", Act).WithMetadata(new ConsoleAccess(Scopes.Analyst));
    }

    private static async Task<IResult> Show(HttpContext context, VigilStore store, EngineHost engine, AlertWriter alerts, ServerOptions options, string? status, string? level, long? before)
    {
        await AlertEndpoints.CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
        return Render(context, store, engine, options, status ?? "open", level ?? "", before, notice: null);
    }

    private static IResult Render(HttpContext context, VigilStore store, EngineHost engine, ServerOptions options, string status, string level, long? before, Html? notice)
    {
        var caller = ConsoleGate.Caller(context);
        if (!Statuses.Any(s => s.Value == status) || !Levels.Any(l => l.Value == level))
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Alerts", "status or level: not one of the choices offered.");
        }

        // A key bound to a tenant sees its tenant's alerts only, as the API does.
        string? tenant = context.User.FindFirst(Scopes.TenantClaim)?.Value is { Length: > 0 } bound && !Scopes.IsAdmin(context.User) ? bound : null;
        var rows = store.ReadAlerts(new AlertFilter
        {
            Tenant = tenant,
            Statuses = status.Length == 0 ? [] : [status],
            Levels = level.Length == 0 ? [] : [level],
            BeforeId = before,
            Limit = PageSize + 1,
        });
        var body = new Html();
        if (notice is not null)
        {
            body.Raw("<section class=\"notice\" role=\"status\">").Raw(notice.ToString()).Raw("</section>");
        }

        body.Raw("<form class=\"filters\" method=\"get\" action=\"/console/alerts\" role=\"search\" aria-label=\"Filter alerts\">");
        IdentityPages.Select(body, "status", "Status", status, Statuses);
        IdentityPages.Select(body, "level", "Level", level, Levels);
        body.Raw("<button type=\"submit\">Filter</button></form>");

        bool mayAct = ConsolePage.MayAct(caller);
        if (rows.Count == 0)
        {
            body.Raw("<p>No alerts match.</p>");
            return ConsolePage.Render(context, caller, "Alerts", body);
        }

        if (mayAct)
        {
            body.Raw("<form class=\"actions\" method=\"post\" action=\"/console/alerts/act\">");
            ConsolePage.Csrf(body, caller.Session);
        }

        body.Raw("<table class=\"alerts\"><thead><tr>").Raw(mayAct ? "<th scope=\"col\">Select</th>" : "")
            .Raw("<th scope=\"col\">Alert</th><th scope=\"col\">Time</th><th scope=\"col\">Identity</th><th scope=\"col\">Score</th><th scope=\"col\">Level</th><th scope=\"col\">Reasons</th><th scope=\"col\">Incident</th><th scope=\"col\">Status</th></tr></thead><tbody>");
        var inv = CultureInfo.InvariantCulture;
        foreach (var a in rows.Take(PageSize))
        {
            string id = a.Id.ToString(inv);
            body.Raw("<tr>");
            if (mayAct)
            {
                body.Raw("<td><input type=\"checkbox\" name=\"ids\"").Attr("value", id).Attr("id", "alert-" + id).Attr("aria-label", "Select alert " + id).Raw("></td>");
            }

            body.Raw("<td>").Text(id).Raw("</td><td>").Time(a.TimeMs).Raw("</td><td><a").Attr("href", IdentityPages.IdentityLink(a.Identity, a.Tenant, engine)).Raw(">").Text(a.Identity)
                .Raw("</a></td><td>").Number(a.Score, "0").Raw("</td><td>");
            IdentityPages.Level(body, a.Level);
            body.Raw("</td><td>").Text(string.Join(", ", Reasons(a.Reasons))).Raw("</td><td>").Text(a.IncidentId.ToString(inv)).Raw("</td><td>").Text(a.Status.Replace('_', ' ')).Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
        if (mayAct)
        {
            body.Raw("<p>");
            IdentityPages.Select(body, "action", "Action on the selected alerts", "confirm_safe", Actions);
            body.Raw(" <button type=\"submit\">Apply</button></p></form>");
        }

        if (rows.Count > PageSize)
        {
            string next = "/console/alerts?status=" + Uri.EscapeDataString(status) + "&level=" + Uri.EscapeDataString(level) + "&before=" + rows[PageSize - 1].Id.ToString(inv);
            body.Raw("<p><a").Attr("href", next).Raw(">Older alerts</a></p>");
        }

        return ConsolePage.Render(context, caller, "Alerts", body);
    }

    private static async Task<IResult> Act(HttpContext context, VigilStore store, EngineHost engine, AlertWriter alerts, AuditWriter audit, DecisionIds ids, ServerOptions options)
    {
        var caller = ConsoleGate.Caller(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string? action = form["action"];
        IResult Bad(string message) => ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Act on alerts", message);
        if (action is not ("confirm_safe" or "confirm_compromised" or "dismiss"))
        {
            return Bad("action: confirm_safe, confirm_compromised or dismiss.");
        }

        var chosen = form["ids"];
        if (chosen.Count is 0 or > AlertActions.MaxIds)
        {
            return Bad($"ids: select 1 to {AlertActions.MaxIds} alerts.");
        }

        await AlertEndpoints.CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
        var targets = new List<AlertRecord>(chosen.Count);
        foreach (string? text in chosen.Distinct())
        {
            // Every id is checked before anything is done, as the API does: one unknown id refuses them all.
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || store.ReadAlert(id) is not { } alert
                || !AlertEndpoints.Visible(alert.Tenant, context.User, options))
            {
                return Bad("ids: '" + (text is { Length: > 20 } ? text[..20] + "..." : text) + "' is not an alert you can see; nothing was done.");
            }

            targets.Add(alert);
        }

        var notice = new Html();
        notice.Raw("<p>").Text(Actions.First(a => a.Value == action).Text).Raw(":</p><ul>");
        foreach (var alert in targets)
        {
            var outcome = await AlertActions.ApplyAsync(context, alert, action, null, caller.Actor, store, engine, audit, ids, options).ConfigureAwait(false);
            notice.Raw("<li>").Text(string.Create(CultureInfo.InvariantCulture,
                $"alert {alert.Id} ({alert.Identity}): {outcome.Status.Replace('_', ' ')}; identity risk {outcome.RiskBefore:0.00} → {outcome.Result.IdentityRisk:0.00}; {outcome.Changed.Count} alert(s) changed; {outcome.Result.ObservationsLearned} observation(s) learned, {outcome.Result.SessionsRevoked} session(s) revoked")).Raw("</li>");
        }

        notice.Raw("</ul>");
        return Render(context, store, engine, options, "open", "", null, notice);
    }

    private static IEnumerable<string> Reasons(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
