using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Connectors;

/// <summary>Every log line at every level, with its exception's full text: what a secret must never appear in.</summary>
public sealed class AllLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{eventId.Id} {formatter(state, exception)} {exception}");
    }
}
