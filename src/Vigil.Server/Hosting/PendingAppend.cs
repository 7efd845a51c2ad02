using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>One request's entries waiting for the journal's next group commit.</summary>
internal sealed class PendingAppend(IReadOnlyList<JournalAppend> appends, IReadOnlyList<TelemetryEvent> events, TaskCompletionSource<RiskAssessment>? assessment)
{
    public IReadOnlyList<JournalAppend> Appends { get; } = appends;

    public IReadOnlyList<TelemetryEvent> Events { get; } = events;

    /// <summary>For an observed evaluation: completed by the writer with the event's score.</summary>
    public TaskCompletionSource<RiskAssessment>? Assessment { get; } = assessment;

    public TaskCompletionSource<AppendResult[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
