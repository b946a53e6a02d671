using System.Diagnostics;
using Gateway.Api.Tests.Support;
using Gateway.Tests.Shared;

namespace Gateway.Api.Tests.Interop;

/// <summary>
/// The contract checked by an independent gRPC stack: Node's @grpc/grpc-js with @grpc/proto-loader loading protos/ at
/// run time (node/contract-check.mjs). Fails, never skips, when node is missing; installs the npm packages when needed.
/// </summary>
[Collection(GatewayServerCollection.Name)]
public sealed class NodeClientTests
{
    private readonly GatewayServer _server;

    public NodeClientTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task NodeGrpcJs_ContractCheck_Passes()
    {
        var node = RequiredTool.Find("node");
        var directory = Path.Combine(TestPaths.RepositoryRoot, "tests", "Gateway.Api.Tests", "node");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js")))
        {
            var npm = RequiredTool.Find("npm");
            var (installCode, installOut) = await RunAsync(npm, directory, TimeSpan.FromMinutes(3), "install", "--no-audit", "--no-fund");
            Assert.True(installCode == 0, "npm install failed:\n" + installOut);
        }

        var address = new Uri(_server.Address);
        var (code, output) = await RunAsync(node, directory, TimeSpan.FromSeconds(60), "contract-check.mjs", $"{address.Host}:{address.Port}",
            GatewayServer.AdminKey, GatewayServer.ObserverKey, Path.Combine(TestPaths.RepositoryRoot, "protos"));
        Assert.True(code == 0, "contract-check.mjs failed:\n" + output);
        Assert.Contains("\"responses\":[\"granted\",\"ended\"]", output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
