using Vigil.Core.Decisions;

namespace Vigil.Server.Composition;

/// <summary>
/// What the upstream PDP answered for one decision, recorded in the audit record and the answer's context.
/// </summary>
/// <param name="Combining">The rule the segment combines by.</param>
/// <param name="Permitted">The upstream's <c>decision</c>; null when it gave none (see <paramref name="Error"/>).</param>
/// <param name="LatencyMs">How long the upstream took (0 when it was not asked because its circuit is open).</param>
/// <param name="Error">Why there is no answer: <c>timeout</c>, <c>circuit_open</c>, <c>status_503</c>, <c>unreachable</c>, <c>not_a_decision</c>.</param>
internal readonly record struct UpstreamAnswer(UpstreamCombining Combining, bool? Permitted, double LatencyMs, string? Error)
{
    /// <summary>The text of a combining rule as the policy writes it.</summary>
    public static string CombiningText(UpstreamCombining combining) => combining switch
    {
        UpstreamCombining.Authoritative => "authoritative",
        UpstreamCombining.DenyOverrides => "deny-overrides",
        UpstreamCombining.Advisory => "advisory",
        _ => "none",
    };
}
