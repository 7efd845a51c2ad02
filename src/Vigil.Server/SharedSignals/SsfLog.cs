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
}
