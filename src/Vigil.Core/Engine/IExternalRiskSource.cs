using Vigil.Core.Scoring;

namespace Vigil.Core.Engine;

/// <summary>
/// Risk that other systems assert about an identity (an identity provider's Shared Signals: risk level, credential
/// changes, account disabled or compromised; issue 16). The engine asks it for every access attempt it scores, with the
/// identity's lock held, so an implementation must be a quick, non-blocking lookup. Its state is kept by its owner, not
/// in the engine's checkpoint.
/// </summary>
public interface IExternalRiskSource
{
    /// <summary>Adds the factors (reason codes VG1904 to VG1906) that hold for the identity at <paramref name="nowMs"/> (event time).</summary>
    void AddFactors(string tenant, string identity, long nowMs, ref FactorList factors);
}
