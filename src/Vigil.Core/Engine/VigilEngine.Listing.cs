using Vigil.Core.Detection;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Engine;

/// <summary>The risky-identities list of the analyst console (issue 17): identities in memory ranked by their current identity risk.</summary>
public sealed partial class VigilEngine
{
    /// <summary>
    /// Identities held in memory whose identity risk at <paramref name="nowMs"/> reaches <paramref name="minLevel"/>
    /// (at least <see cref="RiskLevel.Low"/>: an identity with no risk is not "risky"), optionally of one tenant and
    /// kind, riskiest first (ties by tenant and id, so the order is the same on every call), one page of them.
    /// <paramref name="total"/> counts every match. Evicted identities are not listed: they are idle by definition,
    /// and their risk decays while idle. Reads each identity under its lock and learns nothing.
    /// </summary>
    public IReadOnlyList<IdentityRiskSummary> RiskyIdentities(string? tenant, IdentityKind? kind, RiskLevel minLevel, long nowMs, int skip, int take, out int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        if (minLevel < RiskLevel.Low)
        {
            minLevel = RiskLevel.Low;
        }

        TenantState[] tenants;
        lock (_tenants)
        {
            tenants = tenant is null ? [.. _tenants.Values] : _tenants.TryGetValue(tenant, out var one) ? [one] : [];
        }

        var matches = new List<IdentityRiskSummary>();
        foreach (var state in tenants)
        {
            foreach (var identity in state.Identities.Values)
            {
                // Unlocked pre-check: most identities carry no risk, and a torn read here only decides whether to look closer.
                if (identity.AccumulatedRisk <= 0f && !identity.Compromised)
                {
                    continue;
                }

                lock (identity.Gate)
                {
                    if (kind is { } k && identity.Kind != k)
                    {
                        continue;
                    }

                    float risk = IdentityRisk.Current(identity, nowMs, Options);
                    var level = RiskFusion.LevelOf((int)Math.Round(risk * 100));
                    if (level >= minLevel)
                    {
                        matches.Add(new IdentityRiskSummary(identity.Id, state.Id, identity.Kind, risk, level, identity.Compromised, identity.UserReported,
                            identity.LastSeenMs, identity.Compromised ? identity.CompromisedAtMs : identity.AccumulatedAtMs));
                    }
                }
            }
        }

        total = matches.Count;
        matches.Sort(static (a, b) =>
        {
            int byRisk = b.IdentityRisk.CompareTo(a.IdentityRisk);
            if (byRisk != 0)
            {
                return byRisk;
            }

            int byTenant = string.CompareOrdinal(a.Tenant, b.Tenant);
            return byTenant != 0 ? byTenant : string.CompareOrdinal(a.Id, b.Id);
        });
        return matches.Count <= skip ? [] : matches.GetRange(skip, Math.Min(take, matches.Count - skip));
    }
}
