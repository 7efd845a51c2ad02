using Microsoft.Extensions.Logging;

namespace Vigil.Server.Connectors;

/// <summary>The connectors' log messages (event ids 1500..1519): connector names, counts and statuses; never a credential, a URL's query or a vendor's body.</summary>
internal static partial class ConnectorLog
{
    [LoggerMessage(1500, LogLevel.Information, "Connector {Name} ({Type}) started from {Position}.")]
    public static partial void Started(ILogger logger, string name, ConnectorType type, string position);

    [LoggerMessage(1501, LogLevel.Debug, "Connector {Name}: page of {Read} records, {Accepted} new, {Duplicates} duplicates, {Rejected} refused.")]
    public static partial void Page(ILogger logger, string name, int read, int accepted, int duplicates, int rejected);

    [LoggerMessage(1502, LogLevel.Warning, "Connector {Name}: {Error}; next try in {WaitSeconds} s.")]
    public static partial void Failed(ILogger logger, string name, string error, double waitSeconds);

    // The reason may quote a field's value (a user name), so it is only in GET /v1/connectors (admin) and at Debug.
    [LoggerMessage(1503, LogLevel.Warning, "Connector {Name}: {Rejected} records of a page refused (GET /v1/connectors shows why).")]
    public static partial void Refused(ILogger logger, string name, int rejected);

    [LoggerMessage(1504, LogLevel.Information, "Connector {Name}: rate limit used up; waiting {WaitSeconds} s for the reset.")]
    public static partial void RateLimited(ILogger logger, string name, double waitSeconds);

    [LoggerMessage(1505, LogLevel.Error, "Connector {Name} failed unexpectedly; next try in {WaitSeconds} s.")]
    public static partial void Unexpected(ILogger logger, string name, double waitSeconds, Exception exception);

    [LoggerMessage(1506, LogLevel.Error, "Export {Name}: the endpoint refused a batch three times as bad data; its {Count} documents were written to {File} and the export goes on.")]
    public static partial void DeadLettered(ILogger logger, string name, int count, string file);

    // Neither the header's value nor the body: a refused secret may be a mistyped real one.
    [LoggerMessage(1507, LogLevel.Warning, "Webhook {Name}: a request was refused ({Reason}).")]
    public static partial void HookRefused(ILogger logger, string name, string reason);

    [LoggerMessage(1508, LogLevel.Information, "Webhook {Name}: Okta's verification challenge answered.")]
    public static partial void HookVerified(ILogger logger, string name);

    [LoggerMessage(1509, LogLevel.Warning, "Webhook {Name}: the engine is behind; a batch was answered 503 for the vendor to send again.")]
    public static partial void HookBusy(ILogger logger, string name);

    [LoggerMessage(1510, LogLevel.Warning, "More than {Capacity} identity risk changes wait to be stored for the SIEM exports; further changes are dropped until there is room.")]
    public static partial void RiskChangesDropped(ILogger logger, int capacity);

    [LoggerMessage(1511, LogLevel.Error, "{Count} identity risk changes could not be stored for the SIEM exports.")]
    public static partial void RiskChangesNotStored(ILogger logger, int count, Exception exception);

    [LoggerMessage(1512, LogLevel.Warning, "Export {Name}: {Failed} of {Count} documents were not taken ({Status}); only those are sent again.")]
    public static partial void PartlyFailed(ILogger logger, string name, int failed, int count, int status);

    [LoggerMessage(1513, LogLevel.Warning, "Export {Name}: the endpoint took the batch but refused some documents for good ({Reason}).")]
    public static partial void Rejected(ILogger logger, string name, string reason);
}
