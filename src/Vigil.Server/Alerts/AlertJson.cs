using System.Globalization;
using System.Text.Json;
using Vigil.Core.Scoring;
using Vigil.Storage;

namespace Vigil.Server.Alerts;

/// <summary>How alerts and incidents are written in answers (the shapes docs/alerts.md shows).</summary>
internal static class AlertJson
{
    public static void WriteAlert(Utf8JsonWriter w, AlertRecord a)
    {
        w.WriteStartObject();
        w.WriteNumber("id", a.Id);
        w.WriteNumber("incident_id", a.IncidentId);
        w.WriteString("tenant", a.Tenant);
        w.WriteString("identity", a.Identity);
        w.WriteString("time", Time(a.TimeMs));
        w.WriteNumber("time_ms", a.TimeMs);
        w.WriteNumber("score", a.Score);
        w.WriteString("level", a.Level);
        w.WriteString("status", a.Status);
        w.WriteString("source", a.Source);
        if (a.EventId is not null)
        {
            w.WriteString("event_id", a.EventId);
        }

        if (a.DecisionId is not null)
        {
            w.WriteString("decision_id", a.DecisionId);
        }

        w.WritePropertyName("reasons");
        w.WriteRawValue(a.Reasons, skipInputValidation: true); // written by AlertWriter as a JSON array of codes

        if (a.ActedBy is not null)
        {
            w.WriteString("acted_by", a.ActedBy);
        }

        if (a.ActedMs is { } acted)
        {
            w.WriteString("acted_at", Time(acted));
        }

        w.WriteEndObject();
    }

    public static void WriteIncident(Utf8JsonWriter w, IncidentRecord i)
    {
        w.WriteStartObject();
        w.WriteNumber("id", i.Id);
        w.WriteString("tenant", i.Tenant);
        w.WriteString("identity", i.Identity);
        w.WriteString("status", i.Status);
        w.WriteString("first", Time(i.FirstMs));
        w.WriteString("last", Time(i.LastMs));
        w.WriteNumber("alerts", i.Alerts);
        w.WriteNumber("open_alerts", i.OpenAlerts);
        w.WriteNumber("max_score", i.MaxScore);
        w.WriteString("max_level", LevelOf(i.MaxScore));
        w.WriteEndObject();
    }

    /// <summary>The band of a score (RiskLevel's bounds: 20, 40, 65, 85).</summary>
    public static string LevelOf(int score) => Authzen.DecisionMapper.LevelText(score switch
    {
        >= 85 => RiskLevel.Critical,
        >= 65 => RiskLevel.High,
        >= 40 => RiskLevel.Medium,
        >= 20 => RiskLevel.Low,
        _ => RiskLevel.None,
    });

    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
