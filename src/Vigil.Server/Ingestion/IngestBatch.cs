using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Ingestion;

/// <summary>The good events of one ingestion body, ready to journal, and the bad lines with their numbers.</summary>
internal sealed class IngestBatch
{
    public List<JournalAppend> Appends { get; } = [];

    public List<TelemetryEvent> Events { get; } = [];

    public List<(long Line, string Error)> Errors { get; } = [];
}
