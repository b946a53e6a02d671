using Gateway.Cli;
using Grpc.Core;

// gatewayctl: the operator's and scripts' client for the gateway's gRPC API.
// Exit codes: 0 success, 1 server error (message printed), 2 usage error.
try
{
    var arguments = CliArguments.Parse(args);
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    var commands = new Commands(arguments, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected);
    return await commands.RunAsync(cancel.Token);
}
catch (UsageException ex)
{
    if (ex.Message.Length > 0 && ex.Message != new UsageException(null).Message)
    {
        Console.Error.WriteLine("gatewayctl: " + ex.Message);
    }

    Console.Error.WriteLine(Commands.Usage);
    return 2;
}
catch (RpcException ex)
{
    Console.Error.WriteLine($"gatewayctl: server error {ex.StatusCode}: {ex.Status.Detail}");
    return 1;
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or HttpRequestException)
{
    Console.Error.WriteLine("gatewayctl: " + ex.Message);
    return 1;
}
