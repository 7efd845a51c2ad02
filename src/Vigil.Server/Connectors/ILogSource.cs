using Vigil.Core.Telemetry.Formats;

namespace Vigil.Server.Connectors;

/// <summary>A vendor log API read page by page from a cursor (the service's connectors and <c>vigil connect</c> share it).</summary>
internal interface ILogSource : IDisposable
{
    /// <summary>The format the records are in (read by the native reader of docs/connectors.md).</summary>
    LogFormat Format { get; }

    /// <summary>
    /// The page after <paramref name="cursor"/> (null: the first call, from the configured start). Throws
    /// <see cref="ConnectorException"/> for an answer that is not a page (a 429, a 5xx, a bad token, a broken body).
    /// </summary>
    Task<LogPage> FetchAsync(string? cursor, CancellationToken cancellationToken);
}
