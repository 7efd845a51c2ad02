using System.Text.Json;
using Vigil.Core.Feedback;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Operations;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Feedback;

/// <summary>
/// <c>POST /v1/feedback</c>: confirm_safe, dismiss, confirm_compromised or not_me, on a decision id, an event id or an
/// identity. Administrators (admin scope) may give any feedback on anyone. Analysts (analyst scope) may confirm safe,
/// dismiss or confirm compromised on any identity of the tenant their key or token is bound to (every tenant when it
/// names none), as the alert actions let them. End users (feedback scope) may only say "not me" about their own
/// identity in their own tenant (the key's or token's <c>tenant</c>): letting a session confirm its own activity safe
/// would let whoever holds a stolen session clear its own risk.
/// </summary>
internal static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/feedback", Give).RequireCaller().WithTags("Feedback").WithSummary("Feedback on a decision, event or identity");
        return app;
    }

    private static async Task Give(HttpContext context, EngineHost engine, VigilStore store, AuditWriter audit, ServerOptions options)
    {
        var (document, problem) = await HttpJson.ReadAsync(context, 64 * 1024).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document!.RootElement;
            string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (!FeedbackCommand.TryParseKind(Text("kind"), out var kind))
            {
                await HttpJson.BadRequest("kind must be confirm_safe, dismiss, confirm_compromised or not_me").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            string? decisionId = Text("decision_id"), eventId = Text("event_id"), identity = Text("identity"), tenant = Text("tenant"), decisionTenant = null;
            if (decisionId is not null)
            {
                await audit.FlushAsync().ConfigureAwait(false); // a decision answered a moment ago is found
                AuditRecord? record;
                try
                {
                    record = store.FindDecision(decisionId);
                }
                catch (AuditIntegrityException ex)
                {
                    // An edited record is never acted on: its subject or event id may have been put there to redirect this feedback.
                    Log.AuditRecordRefused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FeedbackEndpoints)), ex.Message);
                    await Results.Problem(detail: "decision_id: the audit record of this decision fails verification (the audit database was edited), so no feedback is applied to it.",
                        statusCode: StatusCodes.Status409Conflict, title: "Decision record fails verification").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (record is null)
                {
                    await Results.Problem(detail: "No decision has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown decision").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                identity = record.Subject;
                decisionTenant = Identities.IdentityEndpoints.RecordTenant(record.Record) ?? engine.Engine.Options.DefaultTenant;
                using var decision = JsonDocument.Parse(record.Record);
                if (eventId is null && decision.RootElement.TryGetProperty("event_id", out var recorded))
                {
                    eventId = recorded.GetString();
                }
            }
            else if (eventId is not null && identity is null)
            {
                identity = store.SubjectOfEvent(eventId);
                if (identity is null)
                {
                    await Results.Problem(detail: "No journaled event has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown event").ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }
            }

            if (string.IsNullOrEmpty(identity))
            {
                await HttpJson.BadRequest("give decision_id, event_id or identity").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            bool analyst = !options.DisableAuthentication && !Scopes.IsAdmin(context.User) && Scopes.Has(context.User, Scopes.Analyst) && kind != FeedbackKind.ReportedNotMe;
            if (analyst)
            {
                // An analyst bound to a tenant acts in that tenant only; unbound, on any tenant, as in the alert queue.
                string? bound = Alerts.AlertEndpoints.BoundTenant(context.User, options);
                string defaultTenant = engine.Engine.Options.DefaultTenant;
                if (bound is not null && ((tenant is not null && !string.Equals(tenant, bound, StringComparison.Ordinal))
                    || (decisionTenant is not null && !string.Equals(decisionTenant, bound, StringComparison.Ordinal))))
                {
                    await Results.Problem(detail: "tenant: an analyst key or token bound to a tenant gives feedback in that tenant only.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden")
                        .ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                if (bound is not null)
                {
                    tenant = string.Equals(bound, defaultTenant, StringComparison.Ordinal) ? null : bound;
                }
            }
            else if (!options.DisableAuthentication && !Scopes.IsAdmin(context.User))
            {
                // A name is the same in every tenant: "your own identity" is the name in the tenant your key or token carries.
                string defaultTenant = engine.Engine.Options.DefaultTenant;
                string own = Scopes.OwnTenant(context.User, defaultTenant);
                if (kind != FeedbackKind.ReportedNotMe || !string.Equals(Scopes.OwnIdentity(context.User), identity, StringComparison.Ordinal)
                    || (tenant is not null && !string.Equals(tenant, own, StringComparison.Ordinal))
                    || (decisionTenant is not null && !string.Equals(decisionTenant, own, StringComparison.Ordinal)))
                {
                    await Results.Problem(detail: "Without the admin or analyst scope, only 'not_me' about your own identity in your own tenant is accepted.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden")
                        .ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                tenant = string.Equals(own, defaultTenant, StringComparison.Ordinal) ? null : own;
            }

            var command = new FeedbackCommand(identity, kind, options.Time.GetUtcNow().ToUnixTimeMilliseconds(), tenant, eventId);
            var result = await engine.FeedbackAsync(command, Scopes.CallerName(context.User), decisionId).ConfigureAwait(false);
            context.RequestServices.GetService<SharedSignals.SsfSignals>()?.FeedbackApplied(command, result); // SSF: session-revoked, credential-compromise
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (command, result), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteString("identity", s.command.IdentityId);
                w.WriteString("kind", FeedbackCommand.KindText(s.command.Kind));
                w.WriteBoolean("applied", s.result.Applied);
                w.WriteNumber("observations_learned", s.result.ObservationsLearned);
                w.WriteNumber("observations_discarded", s.result.ObservationsDiscarded);
                w.WriteNumber("sessions_revoked", s.result.SessionsRevoked);
                w.WriteNumber("identity_risk", Math.Round(s.result.IdentityRisk, 3));
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }
}
