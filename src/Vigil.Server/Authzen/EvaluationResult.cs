using Vigil.Core.Decisions;
using Vigil.Core.Scoring;

namespace Vigil.Server.Authzen;

/// <summary>Everything known about one decision: what <see cref="DecisionMapper"/> answers and the audit log records.</summary>
internal sealed record EvaluationResult(
    string DecisionId,
    Decision Decision,
    RiskAssessment Assessment,
    bool Observed,
    long JournalSequence,
    string? EventId,
    long TimeMs,
    long PolicyVersion);
