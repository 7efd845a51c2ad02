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

    /// <summary>Learned calls from which the agent's habit is compared.</summary>
    private const int HabitKnownFrom = 5;

    private const float Weight = 0.75f;

    public void Detect(in DetectionContext c, ref FactorList factors)
    {
        // Only a tool call is set against the task: it is what the agent chose to do, in words. A bare route or
        // command ("read /spaces") says nothing about a task, so it sat near 0 against every task and read as a
        // mismatch on ordinary agent traffic: 1,900 benign events of the 1k lab crossed the 1% threshold that way
        // and raised it for every other attack type (docs/evaluation.md).
        if (c.Language is not { } language || c.Event.ToolName is not { Length: > 0 } || c.Text.TaskVector is not { } task
            || c.Text.ActivityVector is not { } call
            || (c.Event.IdentityKind != IdentityKind.Agent && c.Identity.Kind != IdentityKind.Agent))
        {
            return;
        }

        double taskSimilarity = TextVector.Cosine(task, call);
        if (taskSimilarity >= FitsTaskFrom)
        {
            return;
        }

        long learned = c.Identity.Text?.Observations ?? 0;
        if (learned >= HabitKnownFrom && c.Identity.Text!.Similarity(call) >= HabitFrom)
        {
            return;
        }

        // An off-task call that reads like no risky action is a sign only against a known habit: before the agent has
        // TextNoveltyDetector.MinimumHistory learned calls, "off-task" cannot be told from "how this agent works".
        // A call that reads like a risky action counts from the first event.
        var (intent, _) = RiskyIntents.Nearest(language.Intents, call);
        if (intent < 0 && learned < TextNoveltyDetector.MinimumHistory)
        {
            return;
        }

        float strength = (float)Math.Clamp((FitsTaskFrom - taskSimilarity) / FitsTaskFrom, 0, 1) * (intent >= 0 ? 1f : 0.6f);
        factors.Add(new RiskFactor(ReasonCode.AgentIntentMismatch, strength, Weight, taskSimilarity, intent + 1, EventText.ActivityOf(c.Event)));
    }
}
