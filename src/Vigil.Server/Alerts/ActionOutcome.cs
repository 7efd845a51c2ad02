using System.Text.Json;
using Vigil.Core.Feedback;
using Vigil.Storage;

namespace Vigil.Server.Alerts;

/// <summary>What one alert action changed: the alert's status, the other alerts it closed, the identity's risk before and after, and what the engine learned or dropped.</summary>
internal sealed record ActionOutcome(AlertRecord Alert, string Status, IReadOnlyList<long> Changed, float RiskBefore, FeedbackResult Result)
{
    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("id", Alert.Id);
        w.WriteNumber("incident_id", Alert.IncidentId);
        w.WriteString("tenant", Alert.Tenant);
        w.WriteString("identity", Alert.Identity);
        w.WriteString("status_before", Alert.Status);
        w.WriteString("status", Status);
        WriteChanges(w);
        w.WriteNumber("observations_discarded", Result.ObservationsDiscarded);
        w.WriteNumber("sessions_revoked", Result.SessionsRevoked);
        w.WriteEndObject();
    }

    /// <summary>What the action changed, as both the answer and the audit record state it.</summary>
    private void WriteChanges(Utf8JsonWriter w)
    {
        w.WriteStartArray("changed_alerts");
        foreach (long id in Changed)
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
        w.WriteNumber("risk_before", Math.Round(RiskBefore, 3));
        w.WriteNumber("risk_after", Math.Round(Result.IdentityRisk, 3));
        w.WriteNumber("patterns_learned", Result.PatternsLearned);
        w.WriteNumber("group_patterns_learned", Result.GroupPatternsLearned);
        w.WriteBoolean("travel_pair_learned", Result.TravelPairLearned);
        w.WriteNumber("observations_learned", Result.ObservationsLearned);
    }

    /// <summary>
    /// The audit record: the three fields every record carries (decision_id, subject_id, time_ms; AuditColumns checks
    /// them), what was done to which alert by whom, and what it changed.
    /// </summary>
    public byte[] AuditRecord(string auditId, string action, string actor, string? comment, long timeMs)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("decision_id", auditId);
            w.WriteString("subject_id", Alert.Identity);
            w.WriteNumber("time_ms", timeMs);
            w.WriteString("type", "alert_action");
            w.WriteString("action", action);
            w.WriteString("actor", actor);
            w.WriteString("tenant", Alert.Tenant);
            w.WriteNumber("alert_id", Alert.Id);
            w.WriteNumber("incident_id", Alert.IncidentId);
            if (Alert.EventId is not null)
            {
                w.WriteString("event_id", Alert.EventId);
            }

            if (comment is not null)
            {
                w.WriteString("comment", comment);
            }

            WriteChanges(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
