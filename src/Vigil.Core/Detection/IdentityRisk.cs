using Vigil.Core.Engine;
using Vigil.Core.Identities;

namespace Vigil.Core.Detection;

/// <summary>
/// Accumulated identity risk: each risky event raises it (noisy-OR with what is left), and it halves every
/// <see cref="VigilEngineOptions.IdentityRiskHalfLifeHours"/>. Confirmed compromise pins it at 1.
/// </summary>
internal static class IdentityRisk
{
    public static float Current(IdentityState identity, long now, VigilEngineOptions options)
    {
        if (identity.Compromised)
        {
            return 1f;
        }

        if (identity.AccumulatedRisk <= 0f)
        {
            return 0f;
        }

        double hours = Math.Max(0, now - identity.AccumulatedAtMs) / 3_600_000.0;
        return (float)(identity.AccumulatedRisk * Math.Pow(0.5, hours / options.IdentityRiskHalfLifeHours));
    }

    /// <summary>Adds an event's risk (0..100). Only medium and above accumulate: low noise must not add up to an alarm.</summary>
    public static void Accumulate(IdentityState identity, int score, long now, VigilEngineOptions options)
    {
        if (score < 40)
        {
            return;
        }

        float current = Current(identity, now, options);
        float added = (score - 30) / 100f;
        identity.AccumulatedRisk = 1f - ((1f - current) * (1f - (added * 0.6f)));
        identity.AccumulatedAtMs = now;
    }
}
