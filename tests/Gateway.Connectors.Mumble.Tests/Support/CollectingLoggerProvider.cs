using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Mumble.Tests.Support;

/// <summary>All categories log into one <see cref="CollectingLogger"/>.</summary>
public sealed class CollectingLoggerProvider : ILoggerProvider
{
    public CollectingLogger Logger { get; } = new();

    public ILogger CreateLogger(string categoryName) => Logger;

    public void Dispose()
    {
    }
}
