using System.Collections.Concurrent;
using Vigil.Core.Engine;
using Vigil.Core.Scoring;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// The engine's view of what identity providers said (<see cref="IExternalRiskSource"/>): a dictionary lookup per access
/// attempt, written through to <see cref="SsfReceiverStore"/> so it survives a restart (loaded by <see cref="SsfReceiver"/>
/// at start-up), outside the engine's checkpoint. Bounded by <see cref="SsfSettings.MaxExternalSubjects"/>: past it, a
/// new identity's signal is refused (logged by the caller), never an older one evicted, so a flood cannot wash out a
/// real compromise.
/// </summary>
internal sealed class ExternalSignals : IExternalRiskSource
{
    private readonly ConcurrentDictionary<(string Tenant, string Identity), ExternalSignal> _signals = new();

    // Asked on every scored event: ConcurrentDictionary.IsEmpty takes every lock when the map is empty, which is the
    // common case (no transmitter configured), so a flag set on the first signal answers instead.
    private volatile bool _any;

    public SsfReceiverStore? Store { get; set; }

    /// <summary>The limits in force (set by <see cref="SsfReceiver"/>: this object is made before the service's settings are).</summary>
    public SsfSettings Settings { get; set; } = new();

    public int Count => _signals.Count;

    public void Load(IEnumerable<(string Tenant, string Identity, ExternalSignal Signal)> signals)
    {
        foreach (var (tenant, identity, signal) in signals)
        {
            _signals[(tenant, identity)] = signal;
            _any = true;
        }
    }

    public ExternalSignal? Find(string tenant, string identity) => _signals.TryGetValue(Key(tenant, identity), out var s) ? s : null;

    /// <summary>Changes one identity's signal; false when the identity is new and the map is full.</summary>
    public bool Update(string tenant, string identity, Func<ExternalSignal, ExternalSignal> change)
    {
        var key = Key(tenant, identity);
        var current = _signals.TryGetValue(key, out var held) ? held : null;
        if (current is null && _signals.Count >= Settings.MaxExternalSubjects)
        {
            return false;
        }

        var next = change(current ?? new ExternalSignal());
        if (next.IsEmpty)
        {
            _signals.TryRemove(key, out _);
            Store?.SaveSignal(key.Tenant, key.Identity, null);
        }
        else
        {
            _signals[key] = next;
            _any = true;
            Store?.SaveSignal(key.Tenant, key.Identity, next);
        }

        return true;
    }

    public void AddFactors(string tenant, string identity, long nowMs, ref FactorList factors)
    {
        if (!_any || !_signals.TryGetValue(Key(tenant, identity), out var s))
        {
            return;
        }

        if (s.AccountCompromised)
        {
            factors.Add(new RiskFactor(ReasonCode.ExternalAccountCompromised, 1f, 0.95f, 0, 0, s.AccountIssuer));
        }

        if (s.RiskLevel > 0)
        {
            // Each level lands in the middle of Vigil's own band of that name (docs/detectors.md: Medium 40-64, High
            // 65-84) when it is the only factor, so the policy's bands decide as they would for Vigil's own finding:
            // HIGH asks a step-up at medium sensitivity and denies or limits at high, MEDIUM only where sensitive.
            factors.Add(s.RiskLevel >= 2
                ? new RiskFactor(ReasonCode.ExternalRiskLevel, 1f, 0.75f, 1, 0, s.RiskIssuer)
                : new RiskFactor(ReasonCode.ExternalRiskLevel, 0.5f, 1f, 0.5, 0, s.RiskIssuer));
        }

        long age = nowMs - s.CredentialChangedMs;
        if (s.CredentialChangedMs > 0 && age >= -300_000 && age < Settings.CredentialChangeHours * 3_600_000L)
        {
            factors.Add(new RiskFactor(ReasonCode.ExternalCredentialChange, 0.4f, 0.4f, Math.Max(0, age) / 3_600_000.0, 0, s.CredentialIssuer));
        }
    }

    /// <summary>Identities are matched case-insensitively (email addresses): lowered once here so that the lookup allocates nothing else.</summary>
    private static (string Tenant, string Identity) Key(string tenant, string identity) => (tenant, identity.ToLowerInvariant());
}
