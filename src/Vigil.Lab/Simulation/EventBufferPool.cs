namespace Vigil.Lab.Simulation;

/// <summary>
/// Event buffers shared by the actors of one run. Unlike ArrayPool.Shared it keeps every returned buffer, so a run
/// allocates about as many buffers as there are simultaneously active sessions and then stops allocating.
/// </summary>
internal sealed class EventBufferPool
{
    private const int MinimumLength = 64;
    private readonly Stack<SimEvent[]> _small = new();

    public SimEvent[] Rent(int minimumLength)
    {
        if (minimumLength <= MinimumLength && _small.TryPop(out var buffer))
        {
            return buffer;
        }

        return new SimEvent[Math.Max(MinimumLength, minimumLength)];
    }

    /// <summary>Takes back a buffer whose slots are already cleared; large one-off buffers (campaigns) are dropped.</summary>
    public void Return(SimEvent[] buffer)
    {
        if (buffer.Length == MinimumLength)
        {
            _small.Push(buffer);
        }
    }
}
