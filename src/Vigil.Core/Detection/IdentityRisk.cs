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

    /// <summary>
    /// Raises identity risk to reflect an event's risk (0..100): the level is the worst recent event, decaying, not a
    /// sum. Repeats of the same medium activity (every download in a busy hour) must not pile up into an alarm;
    /// only events from 40 up count, a score of 100 maps to 0.9.
    /// </summary>
    public static void Accumulate(IdentityState identity, int score, long now, VigilEngineOptions options)
    {
        if (score < 40)
        {
            return;
        }

        float current = Current(identity, now, options);
        float level = (score - 40) / 60f * 0.9f;
        if (level > current)
        {
            identity.AccumulatedRisk = level;
            identity.AccumulatedAtMs = now;
        }
    }
}
