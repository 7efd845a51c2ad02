using System.Buffers;
using System.Text.Json;

namespace Vigil.Server.Connectors;

/// <summary>
/// A decision record of the audit log as an ECS alert (elastic/ecs: <c>event.kind: alert</c>, <c>event.risk_score</c>,
/// <c>rule.name</c>), for decisions worth a SIEM's attention: every one that did not permit, and those that permitted
/// only because their segment is in monitor mode (<c>would_be</c> not permit). Only what the audit record holds is
/// sent: ids, the outcome, the score, the reason codes; no address, user agent or credential.
/// </summary>
internal static class SiemDocument
{
    /// <summary>The ECS document of <paramref name="record"/>, or null when the decision is a plain permit (or the record is unreadable).</summary>
    public static byte[]? Write(ReadOnlySpan<byte> record)
    {
        using var document = Parse(record);
        if (document is null)
        {
            return null;
        }

        var r = document.RootElement;
        string outcome = Text(r, "outcome") ?? "deny";
        string? wouldBe = Text(r, "would_be");
        if (outcome == "permit" && (wouldBe is null or "permit"))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            long timeMs = r.TryGetProperty("time_ms", out var t) && t.TryGetInt64(out long ms) ? ms : 0;
            w.WriteString("@timestamp", DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime);
            w.WriteStartObject("event");
            w.WriteString("kind", "alert");
            w.WriteStartArray("category");
            w.WriteStringValue("iam");
            w.WriteEndArray();
            w.WriteStartArray("type");
            w.WriteStringValue(outcome == "permit" ? "info" : "denied");
            w.WriteEndArray();
            w.WriteString("action", "vigil-decision-" + (outcome == "permit" ? "monitored-" + wouldBe : outcome));
            w.WriteString("outcome", outcome == "permit" ? "success" : "failure");
            w.WriteString("id", Text(r, "decision_id"));
            w.WriteString("dataset", "vigil.decision");
            w.WriteString("module", "vigil");
            if (r.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number)
            {
                w.WriteNumber("risk_score", score.GetDouble());
            }

            w.WriteString("severity_name", Text(r, "level"));
            w.WriteEndObject();
            w.WriteStartObject("user");
            w.WriteString("id", Text(r, "subject_id"));
            w.WriteEndObject();
            if (r.TryGetProperty("reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array && reasons.GetArrayLength() > 0)
            {
                w.WriteStartObject("rule");
                w.WriteStartArray("name");
                foreach (var reason in reasons.EnumerateArray().Take(32))
                {
                    w.WriteStringValue(reason.GetString());
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartObject("labels");
            Copy(w, r, "tenant");
            Copy(w, r, "action");
            Copy(w, r, "resource_type");
            Copy(w, r, "resource_id");
            Copy(w, r, "mode");
            Copy(w, r, "would_be");
            Copy(w, r, "event_id");
            if (r.TryGetProperty("policy_version", out var version) && version.ValueKind == JsonValueKind.Number)
            {
                w.WriteString("policy_version", version.GetRawText());
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static JsonDocument? Parse(ReadOnlySpan<byte> record)
    {
        try
        {
            var document = JsonDocument.Parse(record.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void Copy(Utf8JsonWriter w, JsonElement r, string name)
    {
        if (Text(r, name) is { } value)
        {
            w.WriteString(name, value);
        }
    }
}
