namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>The system clock moved to a fixed start: timers run in real time, and "now" is just after the tour's events, so their risk has not decayed away.</summary>
public sealed class ShiftedTime(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
