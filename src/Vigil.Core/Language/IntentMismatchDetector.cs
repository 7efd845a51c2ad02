using Vigil.Core.Detection;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Language;

/// <summary>
/// Intent mismatch for AI agents: the tool call set against the task the agent was given. A prompt-injected agent
/// keeps its task and changes its calls ("summarise this week's tickets" -> "export all customer records"), so a call
/// unrelated to the task and unlike the agent's own usual calls is the sign; a call that reads like a known risky
/// action (<see cref="RiskyIntents"/>) is named and counts in full.
/// </summary>
internal sealed class IntentMismatchDetector : IDetector
{
    /// <summary>A call at least this similar to its task fits it (on-task calls measured 0.5-0.6, off-task about 0).</summary>
    internal const double FitsTaskFrom = 0.3;

    /// <summary>A call this similar to the agent's own usual calls is its habit, whatever the task says.</summary>
    internal const double HabitFrom = 0.75;

    private const float Weight = 0.75f;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        if (c.Language is not { } language || c.Text.TaskVector is not { } task || c.Text.ActivityVector is not { } call
            || (c.Event.IdentityKind != IdentityKind.Agent && c.Identity.Kind != IdentityKind.Agent))
        {
            return;
        }

        double taskSimilarity = TextVector.Cosine(task, call);
        if (taskSimilarity >= FitsTaskFrom)
        {
            return;
        }

        if (c.Identity.Text is { Observations: >= 5 } own && own.Similarity(call) >= HabitFrom)
        {
            return;
        }

        var (intent, _) = RiskyIntents.Nearest(language.Intents, call);
        float strength = (float)Math.Clamp((FitsTaskFrom - taskSimilarity) / FitsTaskFrom, 0, 1) * (intent >= 0 ? 1f : 0.6f);
        factors.Add(new RiskFactor(ReasonCode.AgentIntentMismatch, strength, Weight, taskSimilarity, intent + 1, EventText.ActivityOf(c.Event)));
    }
}
