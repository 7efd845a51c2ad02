using Vigil.Core.Engine;
using Vigil.Storage;

namespace Vigil.Server.Identities;

/// <summary>Everything one identity view shows, gathered before the answer is written.</summary>
/// <param name="Id">The identity's id.</param>
/// <param name="Tenant">The tenant it was looked up in.</param>
/// <param name="Snapshot">The engine's state for the identity; null when only the audit log or feedback knows it (a subject that was assessed, never observed).</param>
/// <param name="Decisions">Its recent audit records, newest first.</param>
/// <param name="Feedback">Its recent feedback, newest first.</param>
/// <param name="Alerts">Its recent alerts in this tenant, newest first (docs/alerts.md).</param>
internal sealed record IdentityView(string Id, string Tenant, IdentitySnapshot? Snapshot, IReadOnlyList<AuditRecord> Decisions, IReadOnlyList<FeedbackRecord> Feedback,
    IReadOnlyList<AlertRecord> Alerts)
{
    /// <summary>Its sessions re-decided since its risk changed whose outcome became stricter, newest first (docs/ssf.md, continuous re-evaluation).</summary>
    public IReadOnlyList<SharedSignals.SessionReevaluation> SessionReevaluations { get; init; } = [];
}
