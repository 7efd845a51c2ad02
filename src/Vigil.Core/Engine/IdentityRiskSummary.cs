using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>One line of the risky-identities list (<see cref="VigilEngine.RiskyIdentities"/>): enough to rank and filter without a full snapshot.</summary>
/// <param name="Id">The identity's id.</param>
/// <param name="Tenant">Its tenant.</param>
/// <param name="Kind">Human, workload or agent.</param>
/// <param name="IdentityRisk">Accumulated identity risk decayed to the time asked, 0..1.</param>
/// <param name="Level">The band of <paramref name="IdentityRisk"/> on the score's scale.</param>
/// <param name="Compromised">Confirmed compromised by an analyst.</param>
/// <param name="UserReported">The person reported recent activity as not theirs.</param>
/// <param name="LastSeenMs">Newest event time learned from (Unix ms).</param>
/// <param name="RiskRaisedAtMs">When risk was last raised (Unix ms).</param>
public sealed record IdentityRiskSummary(string Id, string Tenant, IdentityKind Kind, float IdentityRisk, RiskLevel Level, bool Compromised, bool UserReported, long LastSeenMs, long RiskRaisedAtMs);
