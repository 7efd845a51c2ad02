using System.Text.Json;
using Vigil.Storage;

namespace Vigil.Server.AnalystConsole;

/// <summary>The fields of one audit record (<see cref="Authzen.AuditRecordWriter"/>) that console pages show.</summary>
internal sealed record DecisionRow(
    long Sequence, string DecisionId, long TimeMs, string Subject, string? Tenant, string Action, string ResourceType, string ResourceId,
    string Outcome, string? WouldBe, string Mode, int Score, string Level, IReadOnlyList<string> Reasons, long PolicyVersion)
{
    public static DecisionRow Parse(AuditRecord record)
    {
        using var document = JsonDocument.Parse(record.Record);
        var root = document.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        long Number(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        var reasons = new List<string>();
        if (root.TryGetProperty("reasons", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var code in list.EnumerateArray())
            {
                if (code.GetString() is { } text)
                {
                    reasons.Add(text);
                }
            }
        }

        string? tenant = root.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        string wouldBe = Text("would_be");
        return new DecisionRow(record.Sequence, record.DecisionId, record.TimeMs, record.Subject ?? Text("subject_id"), tenant, Text("action"),
            Text("resource_type"), Text("resource_id"), Text("outcome"), wouldBe.Length == 0 ? null : wouldBe, Text("mode"), (int)Number("score"),
            Text("level"), reasons, Number("policy_version"));
    }
}
