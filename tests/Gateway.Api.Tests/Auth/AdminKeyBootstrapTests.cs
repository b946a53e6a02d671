using Gateway.Api.Auth;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Auth;

public sealed class AdminKeyBootstrapTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gw-admin-key-" + Guid.NewGuid().ToString("N"));

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Ensure_FirstStart_WritesKeyOnceWithMode0600AndKeepsOnlyHash()
    {
        var first = new AdminKeyBootstrap(_directory).Ensure();
        Assert.True(first.KeyFileWritten);
        var key = File.ReadAllText(first.KeyFilePath).Trim();
        Assert.StartsWith("gw_", key, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyFilePath));
        Assert.Equal(ApiKeyHash.ComputeHex(key), File.ReadAllText(first.HashFilePath).Trim());
        Assert.DoesNotContain(key, File.ReadAllText(first.HashFilePath), StringComparison.Ordinal);

        File.Delete(first.KeyFilePath);
        var second = new AdminKeyBootstrap(_directory).Ensure();
        Assert.False(second.KeyFileWritten);
        Assert.False(File.Exists(second.KeyFilePath));
        Assert.Equal(first.Hash, second.Hash);
    }

    [Fact]
    public async Task Server_NoKeysConfigured_GeneratedAdminKeyWorksAndLocationLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = GatewayServer.Build(_directory, logs, new Dictionary<string, string?>());
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var keyFile = Path.Combine(_directory, AdminKeyBootstrap.KeyFileName);
            var key = File.ReadAllText(keyFile).Trim();
            Assert.Contains(logs.Lines, l => l.Contains(keyFile, StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Lines, l => l.Contains(key, StringComparison.Ordinal));

            using var channel = GrpcChannel.ForAddress(address);
            var client = new V1.TalkGroups.TalkGroupsClient(channel);
            var created = await client.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = "bootstrap" }, GatewayServer.Bearer(key));
            Assert.Equal(TalkGroupOrigin.Runtime, created.Origin);
            var ex = await Assert.ThrowsAsync<RpcException>(() => client.ListTalkGroupsAsync(new ListTalkGroupsRequest()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void Registry_BadHash_FailsNamingTheKey()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GrpcOptions
        {
            DataDirectory = _directory,
            ApiKeys = [new ApiKeyOptions { Name = "x", KeySha256 = "abc", Roles = ["admin"] }],
        });
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new ApiKeyRegistry(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ApiKeyRegistry>.Instance));
        Assert.Contains("Gateway:Grpc:ApiKeys:0:KeySha256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_KeyWithRoles_ReturnsHighestRoleAndNullForOthers()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GrpcOptions
        {
            DataDirectory = _directory,
            ApiKeys = [new ApiKeyOptions { Name = "ops", KeySha256 = ApiKeyHash.ComputeHex("k1"), Roles = ["observer", "dispatcher"], TalkGroups = ["a"] }],
        });
        var registry = new ApiKeyRegistry(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<ApiKeyRegistry>.Instance);
        var caller = registry.Authenticate("k1");
        Assert.NotNull(caller);
        Assert.Equal(ApiRole.Dispatcher, caller.Role);
        Assert.True(caller.MayUse(new Core.Identity.TalkGroupId("a")));
        Assert.False(caller.MayUse(new Core.Identity.TalkGroupId("b")));
        Assert.Null(registry.Authenticate("k2"));
        Assert.False(Directory.Exists(_directory)); // keys configured: no admin key generated
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
