namespace Vigil.Server.SharedSignals;

/// <summary>
/// What became of one received SET: applied, a duplicate (acknowledged, not applied again), refused with an RFC 8935 /
/// RFC 8936 <see cref="Error"/> and <see cref="Description"/>, or deferred (rate limit or a busy engine: the
/// transmitter should deliver it again later).
/// </summary>
internal sealed record ReceiveOutcome(string? Error, string? Description, bool Deferred = false, bool Duplicate = false, string? EventType = null)
{
    public static readonly ReceiveOutcome Applied = new(null, null);

    public bool Accepted => Error is null && !Deferred;

    public static ReceiveOutcome Refused(string error, string description) => new(error, description);

    public static ReceiveOutcome Later(string description) => new(null, description, Deferred: true);
}
