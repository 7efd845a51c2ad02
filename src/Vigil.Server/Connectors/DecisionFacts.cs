using System.Text.Json;

namespace Vigil.Server.Connectors;

/// <summary>
/// What an export sends of a decision, read from its audit record (the decision path's output, never its code): ids,
/// the outcome, the score and level, the reason codes and the request's action and resource. No address, user agent
/// or credential: the audit record holds none.
/// </summary>
internal sealed record DecisionFacts(
    string DecisionId, long TimeMs, string Outcome, string? WouldBe, string? SubjectId, double? Score, string? Level, IReadOnlyList<string> Reasons,
    string? Tenant, string? Action, string? ResourceType, string? ResourceId, string? Mode, string? EventId, string? PolicyVersion)
{
    /// <summary>Most reason codes sent per document (a decision carries a handful).</summary>
    public const int MaxReasons = 32;

    /// <summary>True for a permit that was only a permit because its segment is in monitor mode.</summary>
    public bool Monitored => Outcome == "permit";

    /// <summary>
    /// The facts of <paramref name="record"/>, or null for a plain permit (not worth a SIEM's attention) and for a record
    /// that cannot be read.
    /// </summary>
    public static DecisionFacts? Read(string decisionId, ReadOnlySpan<byte> record)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(record.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var r = document.RootElement;
            if (r.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string outcome = Text(r, "outcome") ?? "deny";
            string? wouldBe = Text(r, "would_be");
            if (outcome == "permit" && (wouldBe is null or "permit"))
            {
                return null;
            }

            var reasons = new List<string>();
            if (r.TryGetProperty("reasons", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var reason in list.EnumerateArray())
                {
                    if (reason.ValueKind == JsonValueKind.String && reasons.Count < MaxReasons)
                    {
                        reasons.Add(reason.GetString()!);
                    }
                }
            }

            return new DecisionFacts(
                Text(r, "decision_id") ?? decisionId,
                r.TryGetProperty("time_ms", out var t) && t.TryGetInt64(out long ms) ? ms : 0,
                outcome,
                wouldBe,
                Text(r, "subject_id"),
                r.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : null,
                Text(r, "level"),
                reasons,
                Text(r, "tenant"),
                Text(r, "action"),
                Text(r, "resource_type"),
                Text(r, "resource_id"),
                Text(r, "mode"),
                Text(r, "event_id"),
                r.TryGetProperty("policy_version", out var version) && version.ValueKind == JsonValueKind.Number ? version.GetRawText() : null);
        }
    }

    /// <summary>The reason codes of an alert (stored as a JSON array of strings), at most <see cref="MaxReasons"/>.</summary>
    public static IReadOnlyList<string> ReasonList(string json)
    {
        var reasons = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var reason in document.RootElement.EnumerateArray())
                {
                    if (reason.ValueKind == JsonValueKind.String && reasons.Count < MaxReasons)
                    {
                        reasons.Add(reason.GetString()!);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // An unreadable list sends no reason codes rather than no alert.
        }

        return reasons;
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
