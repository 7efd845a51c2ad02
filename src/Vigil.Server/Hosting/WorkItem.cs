using Vigil.Core.Feedback;
using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>One journaled entry on its way to the single writer, with the caller waiting for it when there is one.</summary>
internal sealed class WorkItem
{
    public long Sequence { get; init; }

    public TelemetryEvent Event { get; init; }

    /// <summary>Who sent the event: an observed access request may not create a tenant.</summary>
    public JournalSource Source { get; init; }

    public FeedbackCommand? Feedback { get; init; }

    public TaskCompletionSource<FeedbackResult>? FeedbackResult { get; init; }
}
