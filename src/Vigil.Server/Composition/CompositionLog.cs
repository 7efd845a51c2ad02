namespace Vigil.Server.Composition;

internal static partial class CompositionLog
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "The upstream PDP failed ({Error}); its circuit is open: decisions that need it are denied until it answers again")]
    public static partial void CircuitOpened(ILogger logger, string error);
}
