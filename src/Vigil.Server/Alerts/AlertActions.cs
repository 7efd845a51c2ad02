using System.Buffers.Binary;
using System.Text.Json;
using Vigil.Core.Feedback;
using Vigil.Server.Hosting;
using Vigil.Server.Http;
using Vigil.Server.Security;
using Vigil.Storage;

namespace Vigil.Server.Alerts;

/// <summary>
/// <c>POST /v1/alerts/actions</c>: one action on one or many alerts, with Entra ID Protection's semantics
/// (docs/alerts.md): confirm_safe (a false positive: the alerted pattern is learned for the identity, its risk
/// closes), confirm_compromised (risk to the top, sessions revoked) and dismiss (a benign true positive: risk closes,
/// nothing is learned, and the rest of the incident's open alerts close with it, as dismissing user risk closes the
/// user's risky sign-ins). Each alert's action is feedback journaled like <c>POST /v1/feedback</c>, recorded in the
/// audit log, and answered with what it changed. Every id is checked before anything is done: one unknown id refuses
/// the whole request, so a retry cannot act twice on the others.
/// </summary>
internal static class AlertActions
{
    /// <summary>Most alerts one request acts on.</summary>
    public const int MaxIds = 100;

    private const int MaxComment = 500;

    public static async Task Act(HttpContext context, VigilStore store, EngineHost engine, AlertWriter alerts, AuditWriter audit, DecisionIds ids, ServerOptions options)
    {
        var (document, problem) = await HttpJson.ReadAsync(context, 64 * 1024).ConfigureAwait(false);
        if (problem is not null)
        {
            await problem.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var (action, alertIds, comment, error) = Parse(document!.RootElement);
            if (error is not null)
            {
                await HttpJson.BadRequest(error).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await AlertEndpoints.CatchUpAsync(engine, alerts, options, context.RequestAborted).ConfigureAwait(false);
            var targets = new List<AlertRecord>(alertIds.Count);
            for (int i = 0; i < alertIds.Count; i++)
            {
                var alert = store.ReadAlert(alertIds[i]);
                if (alert is null || !AlertEndpoints.Visible(alert.Tenant, context.User, options))
                {
                    await Results.Problem(detail: $"ids[{i}]: no alert has id {alertIds[i]}; nothing was done.", statusCode: StatusCodes.Status404NotFound, title: "Unknown alert")
                        .ExecuteAsync(context).ConfigureAwait(false);
                    return;
                }

                targets.Add(alert);
            }

            string actor = Scopes.CallerName(context.User);
            var outcomes = new List<ActionOutcome>(targets.Count);
            foreach (var alert in targets)
            {
                outcomes.Add(await ApplyAsync(context, alert, action!, comment, actor, store, engine, audit, ids, options).ConfigureAwait(false));
            }

            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, (action!, outcomes), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteString("action", s.Item1);
                w.WriteStartArray("results");
                foreach (var o in s.outcomes)
                {
                    o.Write(w);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }

    private static (string? Action, List<long> Ids, string? Comment, string? Error) Parse(JsonElement root)
    {
        var ids = new List<long>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, ids, null, "the body must be a JSON object: {\"action\": \"confirm_safe\", \"ids\": [1, 2]}");
        }

        string? action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (action is not ("confirm_safe" or "confirm_compromised" or "dismiss"))
        {
            return (null, ids, null, "action: confirm_safe, confirm_compromised or dismiss");
        }

        if (!root.TryGetProperty("ids", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxIds)
        {
            return (null, ids, null, $"ids: an array of 1 to {MaxIds} alert ids");
        }

        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long id) || id < 1)
            {
                return (null, ids, null, $"ids[{index}]: an alert id is a whole number from 1 up");
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }

            index++;
        }

        string? comment = null;
        if (root.TryGetProperty("comment", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            comment = c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (comment is null || comment.Length > MaxComment)
            {
                return (null, ids, null, $"comment: a string of at most {MaxComment} characters");
            }
        }

        return (action, ids, comment, null);
    }

    /// <summary>One action on one alert (the API's and the console's alert queue's path): feedback journaled, the alert's status set, the action audited.</summary>
    internal static async Task<ActionOutcome> ApplyAsync(HttpContext context, AlertRecord alert, string action, string? comment, string actor, VigilStore store, EngineHost engine,
        AuditWriter audit, DecisionIds ids, ServerOptions options)
    {
        long now = options.Time.GetUtcNow().ToUnixTimeMilliseconds();
        string defaultTenant = engine.Engine.Options.DefaultTenant;
        string? tenant = string.Equals(alert.Tenant, defaultTenant, StringComparison.Ordinal) ? null : alert.Tenant;
        float before = engine.Engine.Snapshot(alert.Identity, tenant, now)?.IdentityRisk ?? 0f;
        var (kind, status) = action switch
        {
            "confirm_safe" => (FeedbackKind.ConfirmSafe, "confirmed_safe"),
            "confirm_compromised" => (FeedbackKind.ConfirmCompromised, "confirmed_compromised"),
            _ => (FeedbackKind.Dismiss, "dismissed"),
        };
        var command = new FeedbackCommand(alert.Identity, kind, now, tenant, alert.EventId)
        {
            Pattern = kind == FeedbackKind.ConfirmSafe ? Pattern(alert.Features) : null,
            PatternTimeMs = alert.TimeMs,
        };
        var result = await engine.FeedbackAsync(command, actor, alert.DecisionId).ConfigureAwait(false);
        context.RequestServices.GetService<SharedSignals.SsfSignals>()?.FeedbackApplied(command, result); // as POST /v1/feedback: session-revoked, credential-compromise
        var changed = store.SetAlertStatus(alert.Id, status, actor, now, wholeIncident: kind == FeedbackKind.Dismiss);
        var outcome = new ActionOutcome(alert, status, changed, before, result);
        string auditId = ids.Next();
        await audit.AppendAsync(new AuditAppend(auditId, alert.Identity, now, outcome.AuditRecord(auditId, action, actor, comment, now))).ConfigureAwait(false);
        AlertLog.Acted(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AlertActions)), action, alert.Id, actor, changed.Count);
        return outcome;
    }

    private static ulong[]? Pattern(byte[] features)
    {
        if (features.Length == 0 || features.Length % sizeof(ulong) != 0)
        {
            return null;
        }

        var pattern = new ulong[features.Length / sizeof(ulong)];
        for (int i = 0; i < pattern.Length; i++)
        {
            pattern[i] = BinaryPrimitives.ReadUInt64LittleEndian(features.AsSpan(i * sizeof(ulong)));
        }

        return pattern;
    }
}
