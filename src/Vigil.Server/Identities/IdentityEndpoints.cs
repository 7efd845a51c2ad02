using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Identities;

/// <summary><c>GET /v1/identities/{id}</c>: current identity risk, the factors of its recent decisions, its recent decisions and feedback. Admins see anyone; others only themselves.</summary>
internal static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentities(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/identities/{id}", View).RequireAuthorization().WithTags("Identities").WithSummary("Identity risk, recent factors and decisions");
        return app;
    }

    private static async Task View(HttpContext context, string id, string? tenant, EngineHost engine, VigilStore store, ServerOptions options)
    {
        if (!options.DisableAuthentication && !Scopes.IsAdmin(context.User) && !string.Equals(Scopes.OwnIdentity(context.User), id, StringComparison.Ordinal))
        {
            await Results.Problem(detail: "Without the admin scope, only your own identity can be viewed.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        // A bare assessment reads the identity's accumulated risk as of now without learning anything.
        var probe = engine.Assess(new TelemetryEvent { SubjectId = id, Tenant = tenant, TimestampMs = now, Kind = EventKind.Other });
        var decisions = store.ReadDecisions(id, 20);
        var feedback = store.ReadFeedback(id, 20);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (id, probe.IdentityRisk, decisions, feedback), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("id", s.id);
            w.WriteNumber("identity_risk", Math.Round(s.IdentityRisk, 3));
            w.WriteStartArray("recent_factors");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var d in s.decisions)
            {
                using var record = JsonDocument.Parse(d.Record);
                if (record.RootElement.TryGetProperty("reasons", out var reasons))
                {
                    foreach (var code in reasons.EnumerateArray())
                    {
                        if (seen.Add(code.GetString()!))
                        {
                            w.WriteStringValue(code.GetString());
                        }
                    }
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("recent_decisions");
            foreach (var d in s.decisions)
            {
                w.WriteRawValue(d.Record);
            }

            w.WriteEndArray();
            w.WriteStartArray("recent_feedback");
            foreach (var f in s.feedback)
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
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
