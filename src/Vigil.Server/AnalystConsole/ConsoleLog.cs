using Microsoft.Extensions.Logging;

namespace Vigil.Server.AnalystConsole;

/// <summary>The console's log messages (event ids 1700-1719). Subjects and identities appear only at Debug; session ids never.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(1700, LogLevel.Information, "Console sign-in as {Role}.")]
    public static partial void SignedIn(ILogger logger, string role);

    [LoggerMessage(1701, LogLevel.Debug, "Console sign-in by {Subject} as {Role}.")]
    public static partial void SignedInAs(ILogger logger, string subject, string role);

    [LoggerMessage(1702, LogLevel.Warning, "Console sign-in refused: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string reason);

    [LoggerMessage(1703, LogLevel.Information, "Console sign-out.")]
    public static partial void SignedOut(ILogger logger);

    [LoggerMessage(1704, LogLevel.Information, "Console action {Action} by a {Role} (recorded in the feedback log).")]
    public static partial void Acted(ILogger logger, string action, string role);

    [LoggerMessage(1705, LogLevel.Warning, "Console refused a {Method} to {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, string reason);

    [LoggerMessage(1706, LogLevel.Information, "Console request with a session this process does not hold (expired, signed out, or from before a restart); its cookie is removed.")]
    public static partial void SessionUnknown(ILogger logger);
}
