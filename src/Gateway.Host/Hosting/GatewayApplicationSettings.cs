namespace Gateway.Host.Hosting;

/// <summary>How <see cref="GatewayApplication.Build"/> composes the gateway: the program passes the command line's file; tests add overrides.</summary>
internal sealed class GatewayApplicationSettings
{
    /// <summary>The operator file (<c>--config</c>), layered over appsettings.json; null for the defaults alone.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Where appsettings.json (the defaults) is read from and the content root: beside the program.</summary>
    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>
    /// True (the program): the gateway is the process. The configured logger becomes Serilog's static <c>Log.Logger</c>,
    /// and SIGTERM/SIGINT handling with the forced-exit watchdog (<see cref="ShutdownGuard"/>) is installed.
    /// False (a host embedded in another process, e.g. end-to-end tests, possibly several in turn): the application owns
    /// and disposes its logger and never handles signals or exits the process; it is stopped by its owner.
    /// </summary>
    public bool OwnsProcess { get; init; } = true;

    /// <summary>Runs after every component has registered, so a test can replace a service (e.g. the alert clock).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
