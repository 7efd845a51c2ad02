using Vigil.Core.Telemetry;
using Vigil.Storage;

namespace Vigil.Server.Hosting;

/// <summary>One request's entries waiting for the journal's group commit, possibly committed in several slices.</summary>
internal sealed class PendingAppend(IReadOnlyList<JournalAppend> appends, IReadOnlyList<TelemetryEvent> events, bool urgent, ConnectorCursor? cursor = null)
{
    private readonly AppendResult[] _results = new AppendResult[appends.Count];
    private int _committed;
    private bool _failed;

    public IReadOnlyList<JournalAppend> Appends { get; } = appends;

    public IReadOnlyList<TelemetryEvent> Events { get; } = events;

    /// <summary>An observed evaluation, whose caller waits for its decision: committed ahead of ingestion.</summary>
    public bool Urgent { get; } = urgent;

    /// <summary>A pull connector's cursor after this page: saved in the transaction of the page's last slice.</summary>
    public ConnectorCursor? Cursor { get; } = cursor;

    /// <summary>
    /// The staging sequence of an observed request already answered from the journal's staging ring (0: not staged,
    /// its caller waits for <see cref="Done"/>). Nobody waits for a staged entry: a failed commit is tried again.
    /// </summary>
    public long RingSequence { get; init; }

    /// <summary>The ring position just after a staged entry, released once it is committed.</summary>
    public long RingEnd { get; init; }

    /// <summary>Completed once every entry is journaled, with each entry's result in order.</summary>
    public TaskCompletionSource<AppendResult[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Records a committed slice (on the commit loop only); completes <see cref="Done"/> with the last one.</summary>
    public void Committed(int start, ReadOnlySpan<AppendResult> results)
    {
        results.CopyTo(_results.AsSpan(start));
        _committed += results.Length;
        if (_committed == _results.Length && !_failed)
        {
            Done.TrySetResult(_results);
        }
    }

    /// <summary>True once a slice failed: its remaining slices are not committed.</summary>
    public bool IsFailed => _failed;

    /// <summary>Fails the request once (on the commit loop only); returns how many of its entries were never journaled (0 after the first call).</summary>
    public int Failed(Exception ex)
    {
        if (_failed)
        {
            return 0;
        }

        _failed = true;
        Done.TrySetException(ex);
        return _results.Length - _committed;
    }
}
