using Vigil.Core.Statistics;

namespace Vigil.Core.Identities;

/// <summary>Checkpoint format of a source address's counters.</summary>
internal sealed partial class SourceState
{
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(LastSeenMs);
        Attempts.WriteTo(writer);
        Failures.WriteTo(writer);
        UnknownUserFailures.WriteTo(writer);
        AccountsShort.WriteTo(writer);
        FailedAccountsLong.WriteTo(writer);
        FailuresLong.WriteTo(writer);
        AttemptsLong.WriteTo(writer);
    }

    public static SourceState ReadFrom(BinaryReader reader) => new()
    {
        LastSeenMs = reader.ReadInt64(),
        Attempts = SlidingWindowCounter.ReadFrom(reader),
        Failures = SlidingWindowCounter.ReadFrom(reader),
        UnknownUserFailures = SlidingWindowCounter.ReadFrom(reader),
        AccountsShort = DistinctInWindow.ReadFrom(reader),
        FailedAccountsLong = DistinctInWindow.ReadFrom(reader),
        FailuresLong = SlidingWindowCounter.ReadFrom(reader),
        AttemptsLong = SlidingWindowCounter.ReadFrom(reader),
    };
}
