using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Export documents in the Elastic Common Schema (elastic/ecs): <c>@timestamp</c>, <c>event.*</c> (kind, category,
/// type, action, outcome, id, dataset, risk score), <c>user.id</c>, <c>rule.name</c> (the reason codes,
/// docs/reason-codes.md) and <c>labels</c>. Only ids, outcomes, scores and codes: no address, user agent or credential.
/// </summary>
internal static class EcsDocument
{
    /// <summary>A decision as an ECS alert (<c>event.kind: alert</c>, <c>event.dataset: vigil.decision</c>).</summary>
    public static byte[] Decision(DecisionFacts d) => Write(w =>
    {
        Head(w, d.TimeMs);
        w.WriteStartObject("event");
        w.WriteString("kind", "alert");
        Array(w, "category", ["iam"]);
        Array(w, "type", [d.Monitored ? "info" : "denied"]);
        w.WriteString("action", "vigil-decision-" + (d.Monitored ? "monitored-" + d.WouldBe : d.Outcome));
        w.WriteString("outcome", d.Monitored ? "success" : "failure");
        w.WriteString("id", d.DecisionId);
        w.WriteString("dataset", "vigil.decision");
        w.WriteString("module", "vigil");
        if (d.Score is { } score)
        {
            w.WriteNumber("risk_score", score);
        }

        w.WriteString("severity_name", d.Level);
        w.WriteEndObject();
        User(w, d.SubjectId);
        Rules(w, d.Reasons);
        w.WriteStartObject("labels");
        Label(w, "tenant", d.Tenant);
        Label(w, "action", d.Action);
        Label(w, "resource_type", d.ResourceType);
        Label(w, "resource_id", d.ResourceId);
        Label(w, "mode", d.Mode);
        Label(w, "would_be", d.WouldBe);
        Label(w, "event_id", d.EventId);
        Label(w, "policy_version", d.PolicyVersion);
        w.WriteEndObject();
    });

    /// <summary>A detector alert as an ECS alert (<c>event.dataset: vigil.alert</c>); <c>labels.incident_id</c> groups an identity's alerts.</summary>
    public static byte[] Alert(string id, AlertRecord a, IReadOnlyList<string> reasons) => Write(w =>
    {
        Head(w, a.TimeMs);
        w.WriteStartObject("event");
        w.WriteString("kind", "alert");
        Array(w, "category", ["iam"]);
        Array(w, "type", ["info"]);
        w.WriteString("action", "vigil-alert");
        w.WriteString("id", id);
        w.WriteString("dataset", "vigil.alert");
        w.WriteString("module", "vigil");
        w.WriteNumber("risk_score", a.Score);
        w.WriteString("severity_name", a.Level);
        w.WriteEndObject();
        User(w, a.Identity);
        Rules(w, reasons);
        w.WriteStartObject("labels");
        Label(w, "tenant", a.Tenant);
        Label(w, "source", a.Source);
        Label(w, "incident_id", a.IncidentId.ToString(CultureInfo.InvariantCulture));
        Label(w, "event_id", a.EventId);
        Label(w, "decision_id", a.DecisionId);
        w.WriteEndObject();
    });

    /// <summary>
    /// A risk band crossing as an ECS event (<c>event.kind: event</c>, <c>event.type: change</c>,
    /// <c>event.dataset: vigil.risk</c>) with <c>user.risk.calculated_level</c> (ECS 8.x) the new band.
    /// </summary>
    public static byte[] RiskChange(string id, RiskChangeRecord c) => Write(w =>
    {
        Head(w, c.TimeMs);
        w.WriteStartObject("event");
        w.WriteString("kind", "event");
        Array(w, "category", ["iam"]);
        Array(w, "type", ["change"]);
        w.WriteString("action", "vigil-risk-level-change");
        w.WriteString("id", id);
        w.WriteString("dataset", "vigil.risk");
        w.WriteString("module", "vigil");
        w.WriteString("severity_name", c.Current.ToLowerInvariant());
        w.WriteEndObject();
        w.WriteStartObject("user");
        w.WriteString("id", c.Identity);
        w.WriteStartObject("risk");
        w.WriteString("calculated_level", c.Current);
        w.WriteEndObject();
        w.WriteEndObject();
        Rules(w, c.ReasonCode is null ? [] : [c.ReasonCode]);
        w.WriteStartObject("labels");
        Label(w, "tenant", c.Tenant.Length == 0 ? null : c.Tenant);
        Label(w, "previous_level", c.Previous);
        Label(w, "current_level", c.Current);
        w.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Head(Utf8JsonWriter w, long timeMs) => w.WriteString("@timestamp", DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime);

    private static void User(Utf8JsonWriter w, string? id)
    {
        w.WriteStartObject("user");
        w.WriteString("id", id);
        w.WriteEndObject();
    }

    private static void Rules(Utf8JsonWriter w, IReadOnlyList<string> reasons)
    {
        if (reasons.Count > 0)
        {
            w.WriteStartObject("rule");
            Array(w, "name", reasons);
            w.WriteEndObject();
        }
    }

    private static void Array(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Label(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
