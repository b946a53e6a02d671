using Microsoft.Extensions.Hosting;

namespace Gateway.Api.Auth;

/// <summary>Builds the key registry when the host starts: a bad key configuration fails start-up, and the admin key is generated then.</summary>
internal sealed class ApiKeyStartup : IHostedService
{
    public ApiKeyStartup(ApiKeyRegistry registry)
    {
        _ = registry;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
