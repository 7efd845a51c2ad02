using System.Buffers;
using System.Text.Json;
using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// Export documents in the Open Cybersecurity Schema Framework, 1.x (schema.ocsf.io; <see cref="SchemaVersion"/>).
/// Every document has the base event's required attributes: <c>class_uid</c>, <c>category_uid</c>,
/// <c>activity_id</c>, <c>type_uid</c> (class_uid × 100 + activity_id), <c>severity_id</c>, <c>time</c> (Unix ms)
/// and <c>metadata</c> (<c>version</c>, <c>product</c>, and <c>uid</c>: the id that is the same on every resend).
/// <list type="bullet">
/// <item>A decision is an <b>Authorize Session</b> (3003, Identity &amp; Access Management): the closest 1.x class to an
/// access decision about a user. Its activity is Assign Privileges (1), the privilege being what the request asked
/// (<c>action resource_type/resource_id</c>), with the Security Control profile's <c>action_id</c> (2 Denied, or 1
/// Allowed for a decision monitor mode let through) and <c>status_id</c> 2 Failure (1 Success when monitored).
/// API Activity (6003) needs the API call and the source endpoint, which the audit record does not hold, and Web
/// Resource Access Activity (6004), whose Access Grant / Access Deny fit best, is deprecated since 1.0.</item>
/// <item>An alert is a <b>Detection Finding</b> (2004, Findings), activity Create (1), <c>finding_info.uid</c> its id,
/// <c>finding_info.types</c> its reason codes, <c>risk_score</c> and <c>risk_level_id</c> from its score and level.</item>
/// <item>A risk band crossing is a <b>Detection Finding</b> too, about the identity's risk as a finding with a life:
/// <c>finding_info.uid</c> is the identity's (<c>vigil-identity-risk:tenant:identity</c>), created (1) when the risk
/// leaves LOW, updated (2) when it moves between MEDIUM and HIGH, closed (3, status Resolved) when it is back to LOW.
/// OCSF 1.x has no class for a change of an identity's risk; Identity Analysis Finding is about policies and access
/// paths and needs their analyses.</item>
/// </list>
/// The reason codes (docs/reason-codes.md) are in <c>unmapped.reason_codes</c> in every document.
/// </summary>
internal static class OcsfDocument
{
    public const string SchemaVersion = "1.3.0";

    /// <summary>A decision as Authorize Session (3003).</summary>
    public static byte[] Decision(DecisionFacts d) => Write(w =>
    {
        string verb = d.Monitored ? "would have " + Past(d.WouldBe) : Past(d.Outcome);
        Head(w, 3003, "Authorize Session", 3, "Identity & Access Management", 1, "Assign Privileges", Severity(d.Level), d.TimeMs, d.DecisionId, d.Tenant, securityControl: true);
        w.WriteNumber("status_id", d.Monitored ? 1 : 2);
        w.WriteString("status", d.Monitored ? "Success" : "Failure");
        w.WriteString("status_detail", d.Monitored ? "monitored-" + d.WouldBe : d.Outcome);
        w.WriteNumber("action_id", d.Monitored ? 1 : 2);
        w.WriteString("action", d.Monitored ? "Allowed" : "Denied");
        w.WriteString("message", $"Vigil {verb} {d.Action ?? "access"} on {d.ResourceType ?? "a resource"}{(d.ResourceId is null ? "" : "/" + d.ResourceId)}.");
        w.WriteStartObject("user");
        w.WriteString("uid", d.SubjectId ?? "unknown");
        w.WriteEndObject();
        w.WriteStartArray("privileges");
        w.WriteStringValue($"{d.Action ?? "access"} {d.ResourceType ?? "resource"}/{d.ResourceId ?? "*"}");
        w.WriteEndArray();
        w.WriteStartObject("unmapped");
        Codes(w, d.Reasons);
        if (d.Score is { } score)
        {
            w.WriteNumber("risk_score", score);
        }

        Text(w, "risk_level", d.Level);
        Text(w, "mode", d.Mode);
        Text(w, "would_be", d.WouldBe);
        Text(w, "event_id", d.EventId);
        Text(w, "policy_version", d.PolicyVersion);
        w.WriteEndObject();
    });

    /// <summary>An alert as Detection Finding (2004), activity Create.</summary>
    public static byte[] Alert(string id, AlertRecord a, IReadOnlyList<string> reasons) => Write(w =>
    {
        Head(w, 2004, "Detection Finding", 2, "Findings", 1, "Create", Severity(a.Level), a.TimeMs, id, a.Tenant, securityControl: false);
        w.WriteNumber("status_id", 1);
        w.WriteString("status", "New");
        w.WriteBoolean("is_alert", true);
        w.WriteString("message", $"Vigil scored a {a.Source} event of {a.Identity} at {a.Score} ({a.Level}).");
        w.WriteNumber("risk_score", a.Score);
        RiskLevel(w, a.Level);
        w.WriteStartObject("finding_info");
        w.WriteString("uid", id);
        w.WriteString("title", $"Vigil alert: risk {a.Score} ({a.Level})");
        Strings(w, "types", reasons);
        w.WriteNumber("created_time", a.TimeMs);
        w.WriteEndObject();
        Evidence(w, a.Identity);
        w.WriteStartObject("unmapped");
        Codes(w, reasons);
        w.WriteString("incident_uid", "vigil-incident-" + a.IncidentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Text(w, "event_id", a.EventId);
        Text(w, "decision_id", a.DecisionId);
        w.WriteString("source", a.Source);
        w.WriteEndObject();
    });

    /// <summary>A risk band crossing as Detection Finding (2004): Create, Update or Close of the identity's risk finding.</summary>
    public static byte[] RiskChange(string id, RiskChangeRecord c) => Write(w =>
    {
        var (activity, name) = c.Previous == "LOW" ? (1, "Create") : c.Current == "LOW" ? (3, "Close") : (2, "Update");
        string level = c.Current.ToLowerInvariant();
        Head(w, 2004, "Detection Finding", 2, "Findings", activity, name, c.Current == "LOW" ? 1 : Severity(level), c.TimeMs, id, c.Tenant.Length == 0 ? null : c.Tenant, securityControl: false);
        w.WriteNumber("status_id", activity == 3 ? 4 : 1);
        w.WriteString("status", activity == 3 ? "Resolved" : "New");
        w.WriteBoolean("is_alert", activity != 3);
        w.WriteString("message", $"Vigil's identity risk of {c.Identity} moved from {c.Previous} to {c.Current}.");
        RiskLevel(w, level);
        w.WriteStartObject("finding_info");
        w.WriteString("uid", $"vigil-identity-risk:{c.Tenant}:{c.Identity}");
        w.WriteString("title", $"Identity risk {c.Previous} to {c.Current}");
        Strings(w, "types", ["Identity Risk Level Change"]);
        w.WriteNumber("modified_time", c.TimeMs);
        w.WriteEndObject();
        Evidence(w, c.Identity);
        w.WriteStartObject("unmapped");
        Codes(w, c.ReasonCode is null ? [] : [c.ReasonCode]);
        w.WriteString("previous_level", c.Previous);
        w.WriteString("current_level", c.Current);
        w.WriteEndObject();
    });

    /// <summary>OCSF <c>severity_id</c>: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical (0 Unknown).</summary>
    public static int Severity(string? level) => level switch
    {
        "none" => 1,
        "low" => 2,
        "medium" => 3,
        "high" => 4,
        "critical" => 5,
        _ => 0,
    };

    private static string SeverityName(int id) => id switch
    {
        1 => "Informational",
        2 => "Low",
        3 => "Medium",
        4 => "High",
        5 => "Critical",
        _ => "Unknown",
    };

    private static string Past(string? outcome) => outcome switch
    {
        "deny" => "denied",
        "step_up" => "required a step-up for",
        "limit" => "limited",
        "permit" => "permitted",
        null => "decided",
        _ => outcome,
    };

    private static void Head(Utf8JsonWriter w, int classUid, string className, int categoryUid, string categoryName, int activityId, string activityName, int severityId, long timeMs,
        string uid, string? tenant, bool securityControl)
    {
        w.WriteNumber("class_uid", classUid);
        w.WriteString("class_name", className);
        w.WriteNumber("category_uid", categoryUid);
        w.WriteString("category_name", categoryName);
        w.WriteNumber("activity_id", activityId);
        w.WriteString("activity_name", activityName);
        w.WriteNumber("type_uid", (classUid * 100L) + activityId);
        w.WriteString("type_name", className + ": " + activityName);
        w.WriteNumber("severity_id", severityId);
        w.WriteString("severity", SeverityName(severityId));
        w.WriteNumber("time", timeMs);
        w.WriteStartObject("metadata");
        w.WriteString("version", SchemaVersion);
        w.WriteString("uid", uid);
        Text(w, "tenant_uid", tenant);
        w.WriteStartObject("product");
        w.WriteString("name", "Vigil");
        w.WriteString("vendor_name", "Vigil");
        w.WriteEndObject();
        if (securityControl)
        {
            Strings(w, "profiles", ["security_control"]);
        }

        w.WriteEndObject();
    }

    /// <summary>OCSF <c>risk_level_id</c>: 0 Info, 1 Low, 2 Medium, 3 High, 4 Critical.</summary>
    private static void RiskLevel(Utf8JsonWriter w, string level)
    {
        var (id, name) = level switch
        {
            "low" => (1, "Low"),
            "medium" => (2, "Medium"),
            "high" => (3, "High"),
            "critical" => (4, "Critical"),
            _ => (0, "Info"),
        };
        w.WriteNumber("risk_level_id", id);
        w.WriteString("risk_level", name);
    }

    private static void Evidence(Utf8JsonWriter w, string identity)
    {
        w.WriteStartArray("evidences");
        w.WriteStartObject();
        w.WriteStartObject("user");
        w.WriteString("uid", identity);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void Codes(Utf8JsonWriter w, IReadOnlyList<string> reasons) => Strings(w, "reason_codes", reasons);

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(768);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
