using Microsoft.Extensions.Logging;

namespace Vigil.Server.SharedSignals;

/// <summary>Log messages of the Shared Signals transmitter (event ids 1600-1699). No private key, token or authorization header is ever logged; subjects are not logged.</summary>
internal static partial class SsfLog
{
    [LoggerMessage(1600, LogLevel.Information, "SSF signing key {Kid} created ({Bits} bits).")]
    public static partial void KeyCreated(ILogger logger, string kid, int bits);

    [LoggerMessage(1601, LogLevel.Information, "SSF signing key {Kid} removed from the key set (replaced more than the overlap ago).")]
    public static partial void KeyRemoved(ILogger logger, string kid);

    [LoggerMessage(1602, LogLevel.Debug, "SET {Jti} ({EventType}) queued for stream {StreamId}.")]
    public static partial void Queued(ILogger logger, string eventType, string streamId, string jti);

    [LoggerMessage(1603, LogLevel.Warning, "Stream {StreamId} already holds {Max} undelivered SETs; a {EventType} SET was dropped.")]
    public static partial void QueueFull(ILogger logger, string streamId, string eventType, int max);

    [LoggerMessage(1604, LogLevel.Information, "Stream {StreamId} status {Previous} -> {Status}.")]
    public static partial void StatusChanged(ILogger logger, string streamId, string previous, string status);

    [LoggerMessage(1605, LogLevel.Warning, "Push of SET {Jti} to stream {StreamId} failed ({Failure}); attempt {Attempt}, next in {DelayMs} ms.")]
    public static partial void PushFailed(ILogger logger, string jti, string streamId, string failure, int attempt, long delayMs);

    [LoggerMessage(1606, LogLevel.Error, "SET {Jti} for stream {StreamId} dropped: {Why}.")]
    public static partial void Dropped(ILogger logger, string jti, string streamId, string why);

    [LoggerMessage(1607, LogLevel.Warning, "Receiver of stream {StreamId} reported SET {Jti} in error: {Error}.")]
    public static partial void ReceiverError(ILogger logger, string streamId, string jti, string error);

    [LoggerMessage(1608, LogLevel.Error, "SSF event for {EventType} could not be queued.")]
    public static partial void EmitFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(1609, LogLevel.Error, "The SSF push worker failed a round; it retries.")]
    public static partial void PushRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(1620, LogLevel.Information, "Receiving SSF stream {StreamId} from {Issuer} by {Method}.")]
    public static partial void ReceiverStreamConfigured(ILogger logger, string streamId, string issuer, string method);

    [LoggerMessage(1621, LogLevel.Warning, "Receiver stream {StreamId}: the {Call} call to the transmitter failed: {Failure}.")]
    public static partial void ReceiverCallFailed(ILogger logger, string streamId, string call, string failure);

    [LoggerMessage(1622, LogLevel.Warning, "Receiver stream {StreamId} refused a SET: {Error} ({Description}).")]
    public static partial void ReceiverRefused(ILogger logger, string streamId, string error, string description);

    [LoggerMessage(1623, LogLevel.Warning, "Receiver stream {StreamId} got a verification event whose state is not the one requested; the stream stays unverified.")]
    public static partial void ReceiverWrongState(ILogger logger, string streamId);

    [LoggerMessage(1624, LogLevel.Debug, "Receiver stream {StreamId}: a {EventType} SET names no identity; acknowledged without effect.")]
    public static partial void ReceiverNoIdentity(ILogger logger, string streamId, string eventType);

    [LoggerMessage(1625, LogLevel.Error, "Receiver stream {StreamId}: external signals are held for {Max} identities already; a SET is deferred.")]
    public static partial void ReceiverSignalsFull(ILogger logger, string streamId, int max);

    [LoggerMessage(1626, LogLevel.Debug, "Receiver stream {StreamId} applied a {EventType} SET.")]
    public static partial void ReceiverApplied(ILogger logger, string streamId, string eventType);

    [LoggerMessage(1627, LogLevel.Error, "The SSF poller failed a round for stream {StreamId}; it backs off and retries.")]
    public static partial void PollRoundFailed(ILogger logger, string streamId, Exception exception);

    [LoggerMessage(1628, LogLevel.Error, "Re-deciding a session after '{Cause}' failed; the session keeps its last outcome.")]
    public static partial void ReevaluationFailed(ILogger logger, string cause, Exception exception);

    [LoggerMessage(1629, LogLevel.Information, "A session re-decided after '{Cause}': {Was} -> {Now}; {EventType} sent.")]
    public static partial void Reevaluated(ILogger logger, string cause, string was, string now, string eventType);
}
