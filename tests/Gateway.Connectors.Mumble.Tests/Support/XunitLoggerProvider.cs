using Xunit.Abstractions;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Tests.Support;

/// <summary>Forwards logs to the test output so a failing interop test shows what the connector saw.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    private volatile bool _disposed;

    public ILogger CreateLogger(string categoryName) => new XunitLogger(this, output, categoryName);

    public void Dispose() => _disposed = true;

    private sealed class XunitLogger(XunitLoggerProvider provider, ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (provider._disposed)
            {
                return;
            }

            try
            {
                var name = category[(category.LastIndexOf('.') + 1)..];
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {name}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished.
            }
        }
    }
}
