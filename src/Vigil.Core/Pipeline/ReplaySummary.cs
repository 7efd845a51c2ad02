namespace Vigil.Core.Pipeline;

/// <summary>Counts from one replay.</summary>
public sealed record ReplaySummary
{
    /// <summary>Lines read, blank lines excluded.</summary>
    public long Lines { get; init; }

    /// <summary>Events scored.</summary>
    public long Events { get; init; }

    /// <summary>Lines that could not be read (each reported with its number).</summary>
    public long Errors { get; init; }

    /// <summary>Events that arrived later than the reorder window allowed.</summary>
    public long LateEvents { get; init; }
}
