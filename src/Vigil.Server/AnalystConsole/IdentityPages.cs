using Microsoft.Extensions.Logging;
using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Authzen;
using Vigil.Server.Hosting;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Risky identities (ranked by current identity risk, filtered by tenant, kind and level, paged) and one identity's
/// page: its state, what is normal for it, its decision timeline from the audit log, its feedback, and the analyst's
/// confirm-safe / confirm-compromised / dismiss, which go through the feedback path of <c>POST /v1/feedback</c>
/// (journaled, applied by the engine's writer, recorded with the actor in the feedback log).
/// </summary>
internal static class IdentityPages
{
    public const int PageSize = 50;
    private const int MaxPage = 10_000;
    private const int MaxIdLength = 512;
    private const int TimelineItems = 100;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/identities", List).WithMetadata(new ConsoleAccess(Scopes.Read));
        group.MapGet("/identity", Show).WithMetadata(new ConsoleAccess(Scopes.Read));
        group.MapPost("/identity/feedback", Act).WithMetadata(new ConsoleAccess(Scopes.Analyst));
    }

    private static async Task<IResult> List(HttpContext context, string? tenant, string? kind, string? level, string? page, EngineHost engine, ServerOptions options) =>
        await RenderList(context, tenant, kind, level, page, engine, options, notice: null).ConfigureAwait(false);

    internal static async Task<IResult> RenderList(HttpContext context, string? tenant, string? kind, string? level, string? page, EngineHost engine, ServerOptions options, Html? notice)
    {
        var caller = ConsoleGate.Caller(context);
        IResult Bad(string message) => ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Risky identities", message);
        tenant = string.IsNullOrWhiteSpace(tenant) ? null : tenant.Trim();
        if (tenant is { Length: > MaxIdLength })
        {
            return Bad($"tenant: at most {MaxIdLength} characters.");
        }

        IdentityKind? kindFilter = kind switch
        {
            null or "" => null,
            "human" => IdentityKind.Human,
            "workload" => IdentityKind.Workload,
            "agent" => IdentityKind.Agent,
            _ => (IdentityKind)255,
        };
        if (kindFilter == (IdentityKind)255)
        {
            return Bad("kind: must be human, workload or agent (or empty for all).");
        }

        RiskLevel? minLevel = level switch
        {
            null or "" or "low" => RiskLevel.Low,
            "medium" => RiskLevel.Medium,
            "high" => RiskLevel.High,
            "critical" => RiskLevel.Critical,
            _ => null,
        };
        if (minLevel is null)
        {
            return Bad("level: must be low, medium, high or critical (the lowest level listed).");
        }

        int pageNumber = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1 || pageNumber > MaxPage))
        {
            return Bad($"page: a whole number from 1 to {MaxPage}.");
        }

        // A key or token bound to a tenant sees that tenant's identities only, as in the alert queue.
        string? bound = Alerts.AlertEndpoints.BoundTenant(context.User, options);
        if (bound is not null && !Scopes.IsAdmin(context.User))
        {
            if (tenant is not null && !string.Equals(tenant, bound, StringComparison.Ordinal))
            {
                return ConsolePage.Message(context, caller, StatusCodes.Status403Forbidden, "Risky identities", "tenant: your key or token is bound to another tenant.");
            }

            tenant = bound;
        }

        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = engine.Engine.RiskyIdentities(tenant, kindFilter, minLevel.Value, now, (pageNumber - 1) * PageSize, PageSize, out int total);
        var body = new Html();
        if (notice is not null)
        {
            body.Raw("<section class=\"notice\" role=\"status\">").Raw(notice.ToString()).Raw("</section>");
        }

        body.Raw("<form class=\"filters\" method=\"get\" action=\"/console/identities\" role=\"search\" aria-label=\"Filter identities\">")
            .Raw("<label>Tenant <input name=\"tenant\" maxlength=\"512\"").Attr("value", tenant).Raw("></label>");
        Select(body, "kind", "Kind", kind ?? "", [("", "all"), ("human", "human"), ("workload", "workload"), ("agent", "agent")]);
        Select(body, "level", "At least", level ?? "", [("low", "low"), ("medium", "medium"), ("high", "high"), ("critical", "critical")]);
        body.Raw("<button type=\"submit\">Filter</button></form>");
        body.Raw("<p class=\"count\">").Number(total, "N0").Raw(total == 1 ? " identity" : " identities").Raw(" at risk; identities idle long enough to be evicted from memory are not listed.</p>");
        if (rows.Count == 0)
        {
            body.Raw("<p>No identity matches.</p>");
            return ConsolePage.Render(context, caller, "Risky identities", body);
        }

        bool mayAct = ConsolePage.MayAct(caller);
        if (mayAct)
        {
            body.Raw("<form method=\"post\" action=\"/console/identities/act\">");
            ConsolePage.Csrf(body, caller.Session);
        }

        body.Raw("<table><caption class=\"visually-hidden\">Risky identities, riskiest first</caption><thead><tr>").Raw(mayAct ? "<th scope=\"col\">Select</th>" : "")
            .Raw("<th scope=\"col\">Identity</th><th scope=\"col\">Tenant</th><th scope=\"col\">Kind</th><th scope=\"col\">Level</th><th scope=\"col\">Risk</th><th scope=\"col\">Trend</th><th scope=\"col\">Top reasons</th><th scope=\"col\">Risk raised</th><th scope=\"col\">Last seen</th></tr></thead><tbody>");
        var store = context.RequestServices.GetRequiredService<VigilStore>();
        await context.RequestServices.GetRequiredService<AuditWriter>().FlushAsync().ConfigureAwait(false); // decisions answered a moment ago count in the trend
        int index = 0;
        foreach (var row in rows)
        {
            var history = History(store, row.Id, row.Tenant, engine);
            body.Raw("<tr>");
            if (mayAct)
            {
                string box = "pick-" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
                body.Raw("<td><input type=\"checkbox\" name=\"ids\"").Attr("value", BulkValue(row.Tenant, row.Id)).Attr("id", box).Attr("aria-label", "Select " + row.Id + " (" + row.Tenant + ")").Raw("></td>");
            }

            body.Raw("<td><a").Attr("href", IdentityLink(row.Id, row.Tenant, engine)).Raw(">").Text(row.Id).Raw("</a>")
                .Raw(row.Compromised ? " <span class=\"tag bad\">compromised</span>" : "").Raw(row.UserReported ? " <span class=\"tag\">reported</span>" : "")
                .Raw("</td><td>").Text(row.Tenant).Raw("</td><td>").Text(KindText(row.Kind)).Raw("</td><td>");
            Level(body, DecisionMapper.LevelText(row.Level));
            body.Raw("</td><td>").Number(row.IdentityRisk, "0.00").Raw("</td><td>");
            if (history is null)
            {
                body.Raw("(audit records fail verification)");
            }
            else
            {
                IdentityTrend.From(history, now).Render(body, row.Level);
            }

            body.Raw("</td><td>").Text(string.Join(" ", TopReasons(history, row.Id, row.Tenant, engine, now)))
                .Raw("</td><td>").Time(row.RiskRaisedAtMs).Raw("</td><td>").Time(row.LastSeenMs).Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
        if (mayAct)
        {
            body.Raw("<p class=\"actions\">");
            Select(body, "action", "Action on the selected identities", "", [("", "choose…"), ("confirm_safe", "Confirm safe"), ("dismiss", "Dismiss"), ("confirm_compromised", "Confirm compromised")]);
            body.Raw(" <button type=\"submit\" data-confirm=\"Apply this action to every selected identity? Confirm compromised revokes their sessions.\">Apply</button></p></form>");
        }

        Pager(body, tenant, kind, level, pageNumber, total);
        return ConsolePage.Render(context, caller, "Risky identities", body);
    }

    private static async Task<IResult> Show(HttpContext context, string? id, string? tenant, EngineHost engine, VigilStore store, AuditWriter audit, ServerOptions options) =>
        await Render(context, id, tenant, engine, store, audit, options, notice: null).ConfigureAwait(false);

    private static async Task<IResult> Render(HttpContext context, string? id, string? tenant, EngineHost engine, VigilStore store, AuditWriter audit, ServerOptions options, string? notice)
    {
        var caller = ConsoleGate.Caller(context);
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Identity", $"id: give the identity's id (1 to {MaxIdLength} characters).");
        }

        if (tenant is { Length: > MaxIdLength })
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Identity", $"tenant: at most {MaxIdLength} characters.");
        }

        string defaultTenant = engine.Engine.Options.DefaultTenant;
        string tenantId = string.IsNullOrEmpty(tenant) ? defaultTenant : tenant;
        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var snapshot = engine.Engine.Snapshot(id, tenantId, now);
        await audit.FlushAsync().ConfigureAwait(false); // decisions answered a moment ago are shown
        List<DecisionRow> decisions;
        try
        {
            decisions = [.. store.ReadDecisions(id, TimelineItems * 2).Select(DecisionRow.Parse).Where(d => (d.Tenant ?? defaultTenant) == tenantId).Take(TimelineItems)];
        }
        catch (AuditIntegrityException)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status409Conflict, "Identity",
                "The audit records of this identity fail verification (the audit database was edited); run 'vigil audit verify'.");
        }

        var feedback = store.ReadFeedback(id, 50).Where(f => (f.Tenant ?? defaultTenant) == tenantId).ToList();
        if (snapshot is null && decisions.Count == 0 && feedback.Count == 0)
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status404NotFound, "Unknown identity",
                $"Nothing is known about identity '{id}' in tenant '{tenantId}': no telemetry, decisions or feedback.");
        }

        var body = new Html();
        if (notice is not null)
        {
            body.Raw("<p class=\"notice\" role=\"status\">").Text(notice).Raw("</p>");
        }

        body.Raw("<p class=\"subtitle\">").Text(id).Raw(" in tenant ").Text(tenantId).Raw("</p>");
        body.Raw("<section aria-labelledby=\"risk\"><h2 id=\"risk\">Risk now</h2><dl class=\"facts\">");
        Fact(body, "Identity risk", (snapshot?.IdentityRisk ?? 0f).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        body.Raw("<dt>Level</dt><dd>");
        Level(body, DecisionMapper.LevelText(snapshot?.Level ?? RiskLevel.None));
        body.Raw("</dd>");
        if (snapshot is not null)
        {
            Fact(body, "Kind", KindText(snapshot.Kind));
            Fact(body, "Peer group", snapshot.PeerGroup);
            Fact(body, "Confirmed compromised", snapshot.Compromised ? "yes, " + Html.FormatTime(snapshot.CompromisedAtMs ?? 0) : "no");
            Fact(body, "Reported by the person", snapshot.UserReported ? "yes" : "no");
            Fact(body, "Last seen", Html.FormatTime(snapshot.LastSeenMs));
        }

        body.Raw("</dl>");
        if (snapshot is { Factors.Count: > 0 })
        {
            body.Raw("<p class=\"family-shares\">By model family: ");
            var shares = ReasonFamilies.Shares(snapshot.Factors);
            for (int i = 0; i < shares.Count; i++)
            {
                body.Raw(i == 0 ? "" : ", ").Raw("<span class=\"family-name\">").Text(shares[i].Family).Raw("</span> ").Number(shares[i].Share * 100, "0").Raw("%");
            }

            body.Raw("</p><ul class=\"factors\">");
            foreach (var f in snapshot.Factors)
            {
                body.Raw("<li><span class=\"family-name\">").Text(ReasonCatalog.FamilyName(ReasonCatalog.Family(f.Code))).Raw("</span> <code>").Text(f.CodeText).Raw("</code> ").Number(f.Contribution, "0.00").Raw(" — ").Text(f.Describe()).Raw("</li>");
            }

            body.Raw("</ul>");
        }

        body.Raw("</section>");
        if (ConsolePage.MayAct(caller))
        {
            body.Raw("<section aria-labelledby=\"act\"><h2 id=\"act\">Act</h2><form class=\"actions\" method=\"post\" action=\"/console/identity/feedback\">");
            ConsolePage.Csrf(body, caller.Session);
            body.Raw("<input type=\"hidden\" name=\"id\"").Attr("value", id).Raw("><input type=\"hidden\" name=\"tenant\"").Attr("value", tenantId).Raw(">")
                .Raw("<button type=\"submit\" name=\"kind\" value=\"confirm_safe\">Confirm safe</button>")
                .Raw("<button type=\"submit\" name=\"kind\" value=\"dismiss\">Dismiss</button>")
                .Raw("<button type=\"submit\" name=\"kind\" value=\"confirm_compromised\" class=\"danger\" data-confirm=\"Confirm this identity compromised? Its sessions are revoked.\">Confirm compromised</button>")
                .Raw("</form><p class=\"hint\">Confirm safe learns the held activity and clears the risk; dismiss clears the risk without learning; confirm compromised pins the risk at the top and revokes the identity's sessions. Each is recorded with your name.</p></section>");
        }

        if (snapshot is not null)
        {
            body.Raw("<section aria-labelledby=\"normal\"><h2 id=\"normal\">What is normal for it</h2><p class=\"hint\">The engine keeps hashes, not values, so it can count what it has seen but not name it.</p><dl class=\"facts\">");
            Fact(body, "Accesses learned", snapshot.BaselineObservations.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Held out until confirmed", snapshot.HeldObservations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Countries", snapshot.Countries.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Networks", snapshot.Networks.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Devices", snapshot.Devices.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Resources", snapshot.Resources.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Recent networks (AS numbers)", snapshot.RecentAsNumbers.Count == 0 ? "—" : string.Join(", ", snapshot.RecentAsNumbers.Select(a => "AS" + a.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Fact(body, "Sessions tracked", snapshot.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Sessions revoked", snapshot.RevokedSessions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "Failed sign-ins, 30 min", snapshot.FailedSignIns30Min.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Fact(body, "MFA denials, 15 min", snapshot.MfaDenials15Min.ToString(System.Globalization.CultureInfo.InvariantCulture));
            body.Raw("</dl></section>");
        }

        GraphNeighbourhoodView.Render(body, engine.Engine.Neighbourhood(id, tenantId, now, GraphNeighbourhoodView.MaxNodes), tenantId, engine);
        body.Raw("<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">Decisions</h2>");
        if (decisions.Count == 0)
        {
            body.Raw("<p>No decisions recorded.</p>");
        }
        else
        {
            var points = decisions.AsEnumerable().Reverse().Select(d => (d.TimeMs, (double)d.Score)).ToList();
            Svg.Line(body, "Risk score of its decisions over time", points);
            DecisionTable(body, decisions, showSubject: false, engine);
        }

        body.Raw("</section><section aria-labelledby=\"feedback\"><h2 id=\"feedback\">Feedback</h2>");
        if (feedback.Count == 0)
        {
            body.Raw("<p>No feedback given.</p>");
        }
        else
        {
            body.Raw("<table><thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Kind</th><th scope=\"col\">By</th><th scope=\"col\">Decision</th></tr></thead><tbody>");
            foreach (var f in feedback)
            {
                body.Raw("<tr><td>").Time(f.TimeMs).Raw("</td><td>").Text(f.Kind).Raw("</td><td>").Text(f.Actor).Raw("</td><td>").Text(f.DecisionId ?? "—").Raw("</td></tr>");
            }

            body.Raw("</tbody></table>");
        }

        body.Raw("</section>");
        return ConsolePage.Render(context, caller, "Identity " + id, body);
    }

    private static async Task<IResult> Act(HttpContext context, EngineHost engine, VigilStore store, AuditWriter audit, ServerOptions options)
    {
        var caller = ConsoleGate.Caller(context);
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string? id = form["id"], tenant = form["tenant"], kindText = form["kind"];
        IResult Bad(string message) => ConsolePage.Message(context, caller, StatusCodes.Status400BadRequest, "Act on an identity", message);
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return Bad($"id: give the identity's id (1 to {MaxIdLength} characters).");
        }

        if (tenant is { Length: > MaxIdLength })
        {
            return Bad($"tenant: at most {MaxIdLength} characters.");
        }

        if (!FeedbackCommand.TryParseKind(kindText, out var kind) || kind == FeedbackKind.ReportedNotMe)
        {
            return Bad("kind: must be confirm_safe, dismiss or confirm_compromised.");
        }

        string defaultTenant = engine.Engine.Options.DefaultTenant;
        string tenantId = string.IsNullOrEmpty(tenant) ? defaultTenant : tenant;
        if (!MayActIn(context, options, tenantId))
        {
            return ConsolePage.Message(context, caller, StatusCodes.Status403Forbidden, "Act on an identity", "tenant: your key or token is bound to another tenant.");
        }

        var (before, result) = await ApplyFeedbackAsync(context, caller, engine, options, id, tenantId, kind).ConfigureAwait(false);
        string notice = Changed(kind, before, result);
        return await Render(context, id, tenantId, engine, store, audit, options, notice).ConfigureAwait(false);
    }

    /// <summary>
    /// Feedback on one identity through the path of <c>POST /v1/feedback</c>: the engine host journals it with the
    /// actor and applies it on the writer, then Shared Signals receivers are told. Returns the identity risk before and the result.
    /// </summary>
    internal static async Task<(float Before, FeedbackResult Result)> ApplyFeedbackAsync(HttpContext context, ConsoleCaller caller, EngineHost engine, ServerOptions options, string id, string tenantId, FeedbackKind kind)
    {
        string defaultTenant = engine.Engine.Options.DefaultTenant;
        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        float before = engine.Engine.Snapshot(id, tenantId, now)?.IdentityRisk ?? 0f;
        var command = new FeedbackCommand(id, kind, now, tenantId == defaultTenant ? null : tenantId, null);
        var result = await engine.FeedbackAsync(command, caller.Actor, null).ConfigureAwait(false);
        context.RequestServices.GetService<SharedSignals.SsfSignals>()?.FeedbackApplied(command, result);
        ConsoleLog.Acted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityPages)), FeedbackCommand.KindText(kind), caller.RoleName);
        return (before, result);
    }

    /// <summary>What one action changed, in words.</summary>
    internal static string Changed(FeedbackKind kind, float before, FeedbackResult result) => result.Applied
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{FeedbackCommand.KindText(kind)} recorded: identity risk {before:0.00} → {result.IdentityRisk:0.00}; {result.ObservationsLearned} held observations learned, {result.ObservationsDiscarded} discarded, {result.SessionsRevoked} sessions revoked.")
        : $"{FeedbackCommand.KindText(kind)} recorded, but the engine holds no state for this identity, so nothing changed.";

    /// <summary>An analyst bound to a tenant acts in that tenant only, as with <c>POST /v1/feedback</c>; admins and unbound callers anywhere.</summary>
    internal static bool MayActIn(HttpContext context, ServerOptions options, string tenantId) =>
        Scopes.IsAdmin(context.User) || Alerts.AlertEndpoints.BoundTenant(context.User, options) is not { } bound || string.Equals(bound, tenantId, StringComparison.Ordinal);

    /// <summary>Decisions as a table: time, subject (optional), access, outcome (and what enforce would do in monitor mode), score, level, reasons.</summary>
    internal static void DecisionTable(Html body, IReadOnlyList<DecisionRow> decisions, bool showSubject, EngineHost engine)
    {
        body.Raw("<table class=\"decisions\"><thead><tr><th scope=\"col\">Time</th>").Raw(showSubject ? "<th scope=\"col\">Subject</th>" : "")
            .Raw("<th scope=\"col\">Action</th><th scope=\"col\">Resource</th><th scope=\"col\">Outcome</th><th scope=\"col\">Score</th><th scope=\"col\">Level</th><th scope=\"col\">Reasons by family</th><th scope=\"col\">Policy</th></tr></thead><tbody>");
        foreach (var d in decisions)
        {
            body.Raw("<tr><td>").Time(d.TimeMs).Raw("</td>");
            if (showSubject)
            {
                body.Raw("<td><a").Attr("href", IdentityLink(d.Subject, d.Tenant ?? engine.Engine.Options.DefaultTenant, engine)).Raw(">").Text(d.Subject).Raw("</a></td>");
            }

            body.Raw("<td>").Text(d.Action).Raw("</td><td>").Text(d.ResourceType + " " + d.ResourceId).Raw("</td><td>").Text(d.Outcome);
            if (d.Mode == "monitor" && d.WouldBe is not null && d.WouldBe != d.Outcome)
            {
                body.Raw(" <span class=\"tag\">would be ").Text(d.WouldBe).Raw("</span>");
            }

            body.Raw("</td><td>").Number(d.Score, "0").Raw("</td><td>");
            Level(body, d.Level);
            body.Raw("</td><td>");
            ReasonFamilies.Render(body, d.Reasons);

            body.Raw("</td><td>v").Number(d.PolicyVersion, "0").Raw("</td></tr>");
        }

        body.Raw("</tbody></table>");
    }

    internal static string IdentityLink(string id, string tenant, EngineHost engine) =>
        tenant == engine.Engine.Options.DefaultTenant
            ? "/console/identity?id=" + Uri.EscapeDataString(id)
            : "/console/identity?id=" + Uri.EscapeDataString(id) + "&tenant=" + Uri.EscapeDataString(tenant);

    internal static void Level(Html body, string level) => body.Raw("<span class=\"level level-").Text(level).Raw("\">").Text(level).Raw("</span>");

    internal static void Select(Html body, string name, string label, string current, (string Value, string Text)[] choices)
    {
        body.Raw("<label>").Text(label).Raw(" <select").Attr("name", name).Raw(">");
        foreach (var (value, text) in choices)
        {
            body.Raw("<option").Attr("value", value).Raw(value == current ? " selected>" : ">").Text(text).Raw("</option>");
        }

        body.Raw("</select></label>");
    }

    private static void Fact(Html body, string name, string value) => body.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value).Raw("</dd>");

    private static string KindText(IdentityKind kind) => kind switch
    {
        IdentityKind.Workload => "workload",
        IdentityKind.Agent => "agent",
        _ => "human",
    };

    /// <summary>
    /// The identity's newest decisions in its tenant (at most <see cref="IdentityTrend.Records"/>, newest first), for
    /// its trend and top reasons; null when its audit records fail verification.
    /// </summary>
    private static List<DecisionRow>? History(VigilStore store, string id, string tenant, EngineHost engine)
    {
        string defaultTenant = engine.Engine.Options.DefaultTenant;
        try
        {
            return [.. store.ReadDecisions(id, IdentityTrend.Records).Select(DecisionRow.Parse).Where(d => (d.Tenant ?? defaultTenant) == tenant)];
        }
        catch (AuditIntegrityException)
        {
            return null;
        }
    }

    /// <summary>
    /// The reason codes of an identity's latest few decisions in its tenant, most recent first, each once; for one
    /// with no decision (its risk came from ingested events), the identity-level factors its next access carries.
    /// </summary>
    private static IEnumerable<string> TopReasons(List<DecisionRow>? history, string id, string tenant, EngineHost engine, long now)
    {
        if (history is null)
        {
            return ["(audit records fail verification)"];
        }

        var codes = history.Take(5).SelectMany(d => d.Reasons).Distinct(StringComparer.Ordinal).Take(3).ToList();
        return codes.Count > 0 ? codes : (engine.Engine.Snapshot(id, tenant, now)?.Factors ?? []).Select(f => f.CodeText).Take(3);
    }

    /// <summary>A bulk action's checkbox value: tenant and id, each escaped, so neither can contain the space between them.</summary>
    internal static string BulkValue(string tenant, string id) => Uri.EscapeDataString(tenant) + " " + Uri.EscapeDataString(id);

    private static void Pager(Html body, string? tenant, string? kind, string? level, int page, int total)
    {
        int pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        string Link(int p) => "/console/identities?" + string.Join("&", new[] { ("tenant", tenant), ("kind", kind), ("level", level), ("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            .Where(q => !string.IsNullOrEmpty(q.Item2)).Select(q => q.Item1 + "=" + Uri.EscapeDataString(q.Item2!)));
        body.Raw("<nav class=\"pager\" aria-label=\"Pages\">");
        if (page > 1)
        {
            body.Raw("<a rel=\"prev\"").Attr("href", Link(page - 1)).Raw(">Previous</a> ");
        }

        body.Raw("<span>Page ").Number(page, "0").Raw(" of ").Number(pages, "0").Raw("</span>");
        if (page < pages)
        {
            body.Raw(" <a rel=\"next\"").Attr("href", Link(page + 1)).Raw(">Next</a>");
        }

        body.Raw("</nav>");
    }
}
