using Microsoft.Extensions.Logging;

namespace Vigil.Server.Authzen;

/// <summary>The decision path's log messages (event ids 2001-2099); no subjects or addresses.</summary>
internal static partial class AuthzenLog
{
    [LoggerMessage(2001, LogLevel.Error, "Deciding an evaluation failed; it is answered as a deny (VG2011).")]
    public static partial void DecisionFailed(ILogger logger, Exception exception);
}
