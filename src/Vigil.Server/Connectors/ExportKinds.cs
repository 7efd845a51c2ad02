namespace Vigil.Server.Connectors;

/// <summary>What an export sends (its <c>send</c> setting), each read after its own saved cursor.</summary>
[Flags]
internal enum ExportKinds
{
    None = 0,

    /// <summary>Decisions that did not permit (or permitted only in monitor mode), from the audit log.</summary>
    Decisions = 1,

    /// <summary>Detector alerts, from the alert store (docs/alerts.md).</summary>
    Alerts = 2,

    /// <summary>Identities' risk band crossings (LOW, MEDIUM, HIGH), from the same watcher as the SSF risk-level-change.</summary>
    RiskChanges = 4,

    All = Decisions | Alerts | RiskChanges,
}
