using Vigil.Core.Decisions;
using Vigil.Core.Scoring;

namespace Vigil.Server.Authzen;

/// <summary>
/// Everything known about one decision: what <see cref="DecisionMapper"/> answers and the audit log records. A struct
/// passed by reference: with its assessment's inline factors it is about 600 bytes, which as an object was the largest
/// allocation of a decision (docs/benchmarks-server.md); a decision that completes without waiting allocates none.
/// </summary>
internal readonly record struct EvaluationResult(
    string DecisionId,
    Decision Decision,
    RiskAssessment Assessment,
    bool Observed,
    long JournalSequence,
    string? EventId,
    long TimeMs,
    long PolicyVersion)
{
    /// <summary>The tenant the request was decided in; null for the default tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>The upstream PDP's answer when the decision was composed with one; null when it was not asked.</summary>
    public Composition.UpstreamAnswer? Upstream { get; init; }
}
