using Gateway.Audio;
using Gateway.Core;
using Gateway.Host.Configuration;
using Gateway.Host.Hosting;
using Gateway.Host.Logging;
using Serilog;

// Composition root of the gateway service. Configuration is read and validated before anything is built, so a bad file
// exits with code 2 (one line per problem) and nothing half-configured listens, records or keys a radio.
Log.Logger = SerilogSetup.CreateBootstrapLogger();
try
{
    var commandLine = CommandLine.Parse(args);
    if (commandLine.ShowHelp)
    {
        Console.WriteLine(CommandLine.Usage);
        return ExitCodes.Ok;
    }

    if (commandLine.Error is { } usageError)
    {
        await Console.Error.WriteLineAsync(usageError + Environment.NewLine + CommandLine.Usage);
        return ExitCodes.Configuration;
    }

    // appsettings.json is read from beside the program, not from the working directory (which holds the data).
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    GatewayConfiguration.Apply(builder.Configuration, AppContext.BaseDirectory, commandLine.ConfigFile);
    var logger = SerilogSetup.CreateLoggerOrThrow(builder.Configuration, out var logFilePattern);
    (Log.Logger as IDisposable)?.Dispose();
    Log.Logger = logger;

    var options = GatewayOptionsLoader.Load(builder.Configuration, out var problems);
    if (options is null)
    {
        return ConfigurationErrors.Report(problems);
    }

    var configurationFiles = GatewayConfiguration.Describe(AppContext.BaseDirectory, commandLine.ConfigFile);
    builder.AddGatewayHost(options, new StartupFacts(configurationFiles, logFilePattern, options.Grpc.Listen.StartsWith("https:", StringComparison.OrdinalIgnoreCase)));

    // ---- Gateway components: one line each. They take their options from DI (IOptions<T> of their section) or from
    // the validated `options`; storage, the gRPC API (plus app.MapGatewayApi() below) and the connectors go here too.
    // Their own ValidateOnStart failures are reported like the host's (exit code 2). Hosted services start in this
    // order and stop in reverse.
    builder.Services.AddGatewayAudio();
    builder.Services.AddGatewayCore();
    builder.Services.AddHostedService<SwitchboardLifecycle>(); // groups/units in before anything starts; floors closed first at stop

    var app = builder.Build();
    app.MapGatewayHostEndpoints();
    await app.RunAsync();
    return ExitCodes.Ok;
}
catch (ConfigurationFileException ex)
{
    return ConfigurationErrors.Report([ex.Message]);
}
catch (Exception ex) when (StartupValidationFailures.TryGetProblems(ex, out var problems))
{
    return ConfigurationErrors.Report(problems);
}
catch (Exception ex)
{
    Log.Fatal(ex, "Gateway stopped: {Reason}", ex.Message);
    return ExitCodes.Failure;
}
finally
{
    await Log.CloseAndFlushAsync();
}
