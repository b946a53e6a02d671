using Gateway.Host.Configuration;
using Gateway.Host.Hosting;
using Gateway.Host.Logging;
using Serilog;

// Entry point of the gateway service; the composition itself is GatewayApplication (shared with the end-to-end tests).
// A bad configuration exits with code 2 (one line per problem) and nothing half-configured listens, records or keys a radio.
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

    await using var gateway = GatewayApplication.Build(new GatewayApplicationSettings { ConfigFile = commandLine.ConfigFile }, out var problems);
    if (gateway is null)
    {
        return ConfigurationErrors.Report(problems);
    }

    await gateway.App.RunAsync();
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
