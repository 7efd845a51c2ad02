using Microsoft.Extensions.Logging;

namespace Vigil.Server.Alerts;

/// <summary>Log messages of the alert queue: stable event ids, never a subject or a key.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(1700, LogLevel.Warning, "The alert queue is full ({Capacity} waiting): {Dropped} alerts dropped so far. The events are still in the journal and their decisions in the audit log.")]
    public static partial void Dropped(ILogger logger, int capacity, long dropped);

    [LoggerMessage(1701, LogLevel.Error, "Storing a batch of {Count} alerts failed; they are dropped (the events are still in the journal).")]
    public static partial void StoreFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(1702, LogLevel.Information, "Pruned {Count} alerts past retention (--alert-retention-days) or over --max-alerts.")]
    public static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(1703, LogLevel.Information, "Alert action {Action} on alert {AlertId} by {Actor}: {Changed} alerts changed.")]
    public static partial void Acted(ILogger logger, string action, long alertId, string actor, int changed);
}
