using Vigil.Core.Statistics;

namespace Vigil.Core.Identities;

/// <summary>
/// What one source address did across all accounts: the evidence for credential stuffing and password spray
/// (one source, many accounts). Guarded by <see cref="Gate"/>; idle sources are swept out.
/// </summary>
internal sealed partial class SourceState
{
    public const long ShortWindowMs = 10 * 60_000;
    public const long LongWindowMs = 60 * 60_000;

    public Lock Gate { get; } = new();

    public SlidingWindowCounter Attempts { get; private set; } = new(ShortWindowMs, 10);
    public SlidingWindowCounter Failures { get; private set; } = new(ShortWindowMs, 10);
    public SlidingWindowCounter UnknownUserFailures { get; private set; } = new(ShortWindowMs, 10);
    public DistinctInWindow AccountsShort { get; private set; } = new(ShortWindowMs, 64);
    public DistinctInWindow FailedAccountsLong { get; private set; } = new(LongWindowMs, 128);
    public SlidingWindowCounter FailuresLong { get; private set; } = new(LongWindowMs, 12);
    public SlidingWindowCounter AttemptsLong { get; private set; } = new(LongWindowMs, 12);

    public long LastSeenMs;
}
