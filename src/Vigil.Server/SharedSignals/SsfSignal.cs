namespace Vigil.Server.SharedSignals;

/// <summary>
/// Wakes the push worker and long polls when a SET is queued. Take <see cref="Next"/> before looking at the outbox,
/// then wait on it: a SET queued in between completes the task already taken, so no wake-up is lost.
/// </summary>
internal sealed class SsfSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
