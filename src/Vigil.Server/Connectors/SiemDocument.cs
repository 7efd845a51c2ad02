using Vigil.Storage;

namespace Vigil.Server.Connectors;

/// <summary>
/// The documents an export sends, in the schema it names (<see cref="ExportFormat"/>): decisions worth a SIEM's
/// attention (every one that did not permit, and those that permitted only because their segment is in monitor mode),
/// detector alerts, and identities' risk band crossings. Each carries an id that is the same on every resend.
/// </summary>
internal static class SiemDocument
{
    /// <summary>The document of a decision, or null for a plain permit (or an unreadable record).</summary>
    public static ExportDocument? Decision(AuditRecord record, ExportFormat format)
    {
        if (DecisionFacts.Read(record.DecisionId, record.Record) is not { } d)
        {
            return null;
        }

        return new ExportDocument(ExportKinds.Decisions, d.DecisionId, d.TimeMs, d.Level, format == ExportFormat.Ocsf ? OcsfDocument.Decision(d) : EcsDocument.Decision(d));
    }

    public static ExportDocument Alert(AlertRecord alert, ExportFormat format)
    {
        string id = AlertId(alert.Id);
        var reasons = DecisionFacts.ReasonList(alert.Reasons);
        return new ExportDocument(ExportKinds.Alerts, id, alert.TimeMs, alert.Level, format == ExportFormat.Ocsf ? OcsfDocument.Alert(id, alert, reasons) : EcsDocument.Alert(id, alert, reasons));
    }

    public static ExportDocument RiskChange(RiskChangeRecord change, ExportFormat format)
    {
        string id = RiskChangeId(change.Id);
        return new ExportDocument(ExportKinds.RiskChanges, id, change.TimeMs, RiskLevel(change.Current), format == ExportFormat.Ocsf ? OcsfDocument.RiskChange(id, change) : EcsDocument.RiskChange(id, change));
    }

    /// <summary>Vigil's level for a CAEP band: LOW is low, MEDIUM medium, HIGH high (its 65 and above, docs/detectors.md).</summary>
    public static string RiskLevel(string band) => band switch
    {
        "HIGH" => "high",
        "MEDIUM" => "medium",
        _ => "low",
    };

    public static string AlertId(long id) => "vigil-alert-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string RiskChangeId(long id) => "vigil-risk-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
