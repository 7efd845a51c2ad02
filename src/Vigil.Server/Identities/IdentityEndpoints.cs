using System.Text.Json;
using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Server.Authzen;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Operations;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Identities;

/// <summary>
/// <c>GET /v1/identities/{id}</c>: what the engine holds about an identity (<see cref="VigilEngine.Snapshot"/>, read
/// without learning), the factors of its recent decisions, its recent decisions and feedback. Admins see anyone;
/// others only themselves.
/// </summary>
internal static class IdentityEndpoints
{
    private const int RecentItems = 20;
    private static readonly TimeSpan CatchUpWait = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapIdentities(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/identities/{id}", View).RequireCaller().WithTags("Identities").WithSummary("Identity state and risk, recent factors, decisions and feedback");
        return app;
    }

    private static async Task View(HttpContext context, string id, string? tenant, EngineHost engine, VigilStore store, AuditWriter audit, Alerts.AlertWriter alertWriter, ServerOptions options)
    {
        bool admin = options.DisableAuthentication || Scopes.IsAdmin(context.User);
        if (!admin && !string.Equals(Scopes.OwnIdentity(context.User), id, StringComparison.Ordinal))
        {
            await Results.Problem(detail: "Without the admin scope, only your own identity can be viewed.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (tenant is { Length: 0 })
        {
            await HttpJson.BadRequest("tenant is empty: leave it out for the default tenant, or name one.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        string defaultTenant = engine.Engine.Options.DefaultTenant;
        if (!admin)
        {
            // A name is the same in every tenant: without the admin scope, "your own identity" is the name in your tenant.
            string own = Scopes.OwnTenant(context.User, defaultTenant);
            if (tenant is not null && !string.Equals(tenant, own, StringComparison.Ordinal))
            {
                await Results.Problem(detail: "Without the admin scope, only your own identity in your own tenant can be viewed: leave tenant out.",
                    statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            tenant = own;
        }

        try
        {
            // Read your writes: an observed decision is answered once journaled, before the writer learns it, so the
            // view first lets the writer catch up with what was journaled before it was asked, unless that takes long.
            await engine.WhenCaughtUpAsync().WaitAsync(CatchUpWait, options.Time, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Behind a shipper's backlog: shown as learned so far.
        }

        try
        {
            await alertWriter.FlushAsync().WaitAsync(CatchUpWait, options.Time, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Alerts behind a backlog: shown as stored so far.
        }

        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var snapshot = engine.Engine.Snapshot(id, tenant, now);
        await audit.FlushAsync().ConfigureAwait(false); // decisions answered a moment ago are shown
        IReadOnlyList<AuditRecord> decisions;
        try
        {
            decisions = store.ReadDecisions(id, admin ? RecentItems : RecentItems * 5);
        }
        catch (AuditIntegrityException ex)
        {
            Log.AuditRecordRefused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityEndpoints)), ex.Message);
            await Results.Problem(detail: "The audit records of this identity fail verification (the audit database was edited); run 'vigil audit verify'.",
                statusCode: StatusCodes.Status409Conflict, title: "Decision records fail verification").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<FeedbackRecord> feedback = store.ReadFeedback(id, admin ? RecentItems : RecentItems * 5);
        if (!admin)
        {
            // The audit log and feedback are kept per subject; a non-admin sees only its own tenant's part of them.
            string own = tenant!;
            decisions = [.. decisions.Where(d => string.Equals(RecordTenant(d.Record) ?? defaultTenant, own, StringComparison.Ordinal)).Take(RecentItems)];
            feedback = [.. feedback.Where(f => string.Equals(f.Tenant ?? defaultTenant, own, StringComparison.Ordinal)).Take(RecentItems)];
        }

        var alerts = store.ReadAlerts(new AlertFilter { Tenant = tenant ?? defaultTenant, Identity = id, Limit = RecentItems });
        if (snapshot is null && decisions.Count == 0 && feedback.Count == 0 && alerts.Count == 0)
        {
            // Only observed telemetry creates engine state; a subject that was merely assessed still has its decisions to show.
            await Results.Problem(detail: $"Nothing is known about identity '{id}' in tenant '{tenant ?? defaultTenant}': no telemetry, decisions or feedback.",
                statusCode: StatusCodes.Status404NotFound, title: "Unknown identity").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var view = new IdentityView(id, tenant ?? defaultTenant, snapshot, decisions, feedback, alerts)
        {
            SessionReevaluations = context.RequestServices.GetService<SharedSignals.RecentSessions>()?.Reevaluations(tenant ?? defaultTenant, id) ?? [],
        };
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, view, static (w, v) =>
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("tenant", v.Tenant);
            w.WriteNumber("identity_risk", Math.Round(v.Snapshot?.IdentityRisk ?? 0f, 3));
            w.WriteString("level", DecisionMapper.LevelText(v.Snapshot?.Level ?? RiskLevel.None));
            w.WritePropertyName("state");
            if (v.Snapshot is { } s)
            {
                WriteState(w, s);
            }
            else
            {
                w.WriteNullValue();
            }

            WriteRecentFactors(w, v.Decisions);
            w.WriteStartArray("recent_decisions");
            foreach (var d in v.Decisions)
            {
                w.WriteRawValue(d.Record);
            }

            w.WriteEndArray();
            WriteFeedback(w, v.Feedback);
            w.WriteStartArray("recent_alerts");
            foreach (var a in v.Alerts)
            {
                Alerts.AlertJson.WriteAlert(w, a);
            }

            w.WriteEndArray();
            WriteReevaluations(w, v.SessionReevaluations);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The tenant a decision record names (<see cref="AuditRecordWriter"/>); null for the default tenant.</summary>
    internal static string? RecordTenant(byte[] record)
    {
        using var document = JsonDocument.Parse(record);
        return document.RootElement.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
    }

    private static void WriteState(Utf8JsonWriter w, IdentitySnapshot s)
    {
        w.WriteStartObject();
        w.WriteString("kind", s.Kind switch { IdentityKind.Workload => "workload", IdentityKind.Agent => "agent", _ => "human" });
        w.WriteString("peer_group", s.PeerGroup);
        w.WriteNumber("last_seen_ms", s.LastSeenMs);
        if (s.RiskRaisedAtMs is { } raised)
        {
            w.WriteNumber("risk_raised_at_ms", raised);
        }

        w.WriteBoolean("compromised", s.Compromised);
        if (s.CompromisedAtMs is { } compromisedAt)
        {
            w.WriteNumber("compromised_at_ms", compromisedAt);
        }

        w.WriteBoolean("user_reported", s.UserReported);
        w.WriteStartArray("factors");
        foreach (var f in s.Factors)
        {
            w.WriteStartObject();
            w.WriteString("code", f.CodeText);
            w.WriteString("detail", f.Describe());
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("learning", s.BaselineObservations < VigilEngine.LearningObservations); // the cold-start period (docs/alerts.md)
        w.WriteNumber("baseline_observations", s.BaselineObservations);
        w.WriteNumber("held_observations", s.HeldObservations);
        w.WriteNumber("sessions", s.Sessions);
        w.WriteNumber("revoked_sessions", s.RevokedSessions);
        w.WriteNumber("devices_with_posture", s.DevicesWithPosture);
        w.WriteNumber("failed_sign_ins_30m", s.FailedSignIns30Min);
        w.WriteNumber("mfa_denials_15m", s.MfaDenials15Min);
        w.WriteStartObject("baseline");
        w.WriteNumber("countries", s.Countries);
        w.WriteNumber("networks", s.Networks);
        w.WriteNumber("devices", s.Devices);
        w.WriteNumber("resources", s.Resources);
        w.WriteEndObject();
        w.WriteStartArray("recent_as_numbers");
        foreach (uint asn in s.RecentAsNumbers)
        {
            w.WriteNumberValue(asn);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reason codes of the recent decisions, newest first, each once (the audit record keeps codes, not details).</summary>
    private static void WriteRecentFactors(Utf8JsonWriter w, IReadOnlyList<AuditRecord> decisions)
    {
        w.WriteStartArray("recent_factors");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in decisions)
        {
            using var record = JsonDocument.Parse(d.Record);
            if (record.RootElement.TryGetProperty("reasons", out var reasons))
            {
                foreach (var code in reasons.EnumerateArray())
                {
                    if (code.GetString() is { } text && seen.Add(text))
                    {
                        w.WriteStringValue(text);
                    }
                }
            }
        }

        w.WriteEndArray();
    }

    private static void WriteFeedback(Utf8JsonWriter w, IReadOnlyList<FeedbackRecord> feedback)
    {
        w.WriteStartArray("recent_feedback");
        foreach (var f in feedback)
        {
            w.WriteStartObject();
            w.WriteString("kind", f.Kind);
            w.WriteString("actor", f.Actor);
            w.WriteNumber("time_ms", f.TimeMs);
            if (f.DecisionId is not null)
            {
                w.WriteString("decision_id", f.DecisionId);
            }

            if (f.EventId is not null)
            {
                w.WriteString("event_id", f.EventId);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteReevaluations(Utf8JsonWriter w, IReadOnlyList<SharedSignals.SessionReevaluation> reevaluations)
    {
        w.WriteStartArray("session_reevaluations");
        foreach (var r in reevaluations)
        {
            w.WriteStartObject();
            w.WriteString("session_id", r.Session);
            w.WriteString("was", DecisionMapper.OutcomeText(r.Was));
            w.WriteString("now", DecisionMapper.OutcomeText(r.Now));
            w.WriteString("event", r.EventType);
            w.WriteString("because", r.Cause);
            w.WriteNumber("time_ms", r.TimeMs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
