namespace Vigil.Lab.Simulation;

internal sealed class QueueKeyComparer : IComparer<QueueKey>
{
    public static readonly QueueKeyComparer Instance = new();

    public int Compare(QueueKey x, QueueKey y) => x.Ms != y.Ms ? x.Ms.CompareTo(y.Ms) : x.Sequence.CompareTo(y.Sequence);
}
