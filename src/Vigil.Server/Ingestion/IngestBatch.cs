using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Ingestion;

/// <summary>The good events of one ingestion body, ready to journal, and the bad lines with their numbers.</summary>
/// <param name="expected">How many events the body probably holds: the lists are allocated once at that size. A list
/// of 1,000 events is about 300 KB, on the large-object heap; grown by doubling it allocated about twice that per batch,
/// and the large-object heap's budget is what triggers gen2 collections under ingestion load.</param>
internal sealed class IngestBatch(int expected)
{
    public List<JournalAppend> Appends { get; } = new(expected);

    public List<TelemetryEvent> Events { get; } = new(expected);

    public List<(long Line, string Error)> Errors { get; } = [];
}
