using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Gateway.Connectors.Mumble.Session;
using Gateway.Connectors.Mumble.Tests.Support;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Health;

namespace Gateway.Connectors.Mumble.Tests.Interop;

/// <summary>Single sessions against murmurd: certificate pinning and permission problems surfacing as health.</summary>
public sealed class MumbleSessionInteropTests
{
    private static readonly MumbleTransportTimings Timings = new()
    {
        InitialReconnectDelay = TimeSpan.FromMilliseconds(200),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        JoinTimeout = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Run_PinnedMurmurFingerprint_JoinsWithoutAcceptInvalid()
    {
        await using var server = await MurmurServer.StartAsync();
        await using var admin = await TestMumbleClient.ConnectAsync(server.Port, "SuperUser", MurmurServer.SuperUserPassword);
        await admin.CreateChannelAsync(string.Empty, "Sports");
        var fingerprint = await FetchFingerprintAsync(server.Port);
        using var rig = new SessionRig(TimeProvider.System, Timings);
        var options = Options(server, "Sports");
        options.AcceptInvalidCertificate = false;
        options.CertificateFingerprint = string.Join(':', fingerprint.Chunk(2).Select(c => new string(c)));
        await using var session = new MumbleChannelSession(options, "Sports", SessionRig.Group, "gateway-1", rig.Services);
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        await session.WaitJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HealthState.Healthy, rig.Health.Snapshot()["mumble/murmur/Sports"].State);
        await Wait.UntilAsync(() => admin.SeesUser("gateway-1", admin.FindChannel("Sports")!.Value), TimeSpan.FromSeconds(5), "gateway-1 visible in Sports");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_ClientCertificateConfigured_ServerSeesItsHash()
    {
        await using var server = await MurmurServer.StartAsync();
        await using var admin = await TestMumbleClient.ConnectAsync(server.Port, "SuperUser", MurmurServer.SuperUserPassword);
        await admin.CreateChannelAsync(string.Empty, "Sports");
        var pfx = Path.Combine(Path.GetTempPath(), $"gw-mumble-{Guid.NewGuid():N}.pfx");
        using var key = RSA.Create(2048);
        using (var cert = new CertificateRequest("CN=gateway", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)))
        {
            await File.WriteAllBytesAsync(pfx, cert.Export(X509ContentType.Pfx, "pfx-pass"));
        }

        try
        {
            using var loaded = X509CertificateLoader.LoadPkcs12FromFile(pfx, "pfx-pass");
            using var rig = new SessionRig(TimeProvider.System, Timings);
            var options = Options(server, "Sports");
            options.ClientCertificate = pfx;
            options.ClientCertificatePassword = "pfx-pass";
            await using var session = new MumbleChannelSession(options, "Sports", SessionRig.Group, "gateway-1", rig.Services);
            using var stop = new CancellationTokenSource();

            var run = session.RunAsync(stop.Token);
            await session.WaitJoinedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            await Wait.UntilAsync(() => admin.CertificateHashOf("gateway-1") is not null, TimeSpan.FromSeconds(5), "server announced the certificate hash");

            Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(loaded.RawData)), admin.CertificateHashOf("gateway-1"));
            await stop.CancelAsync();
            await run;
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public void Constructor_ClientCertificateWrongPassword_ThrowsNamingTheKey()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"gw-mumble-{Guid.NewGuid():N}.pfx");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var cert = new CertificateRequest("CN=gateway", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)))
        {
            File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pfx, "right"));
        }

        try
        {
            using var rig = new SessionRig(TimeProvider.System, Timings);
            var options = new MumbleConnectorOptions { Id = "poc", Host = "127.0.0.1", ClientCertificate = pfx, ClientCertificatePassword = "wrong" };

            var error = Assert.Throws<InvalidOperationException>(() => new MumbleChannelSession(options, "Sports", SessionRig.Group, "gateway-1", rig.Services));

            Assert.Contains("ClientCertificatePassword", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task Run_UntrustedCertificateWithoutPin_RefusesAndNamesFingerprint()
    {
        await using var server = await MurmurServer.StartAsync();
        var fingerprint = await FetchFingerprintAsync(server.Port);
        using var rig = new SessionRig(TimeProvider.System, Timings);
        var options = Options(server, "Sports");
        options.AcceptInvalidCertificate = false;
        await using var session = new MumbleChannelSession(options, "Sports", SessionRig.Group, "gateway-1", rig.Services);
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        var reason = string.Empty;
        await Wait.UntilAsync(
            () => rig.Health.Snapshot().TryGetValue("mumble/murmur/Sports", out var h) && (reason = h.Reason).Contains("not trusted", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "health says the certificate is not trusted");
        await stop.CancelAsync();
        await run;

        Assert.Contains("CertificateFingerprint=" + fingerprint, reason, StringComparison.Ordinal);
        Assert.False(session.IsJoined);
    }

    [Fact]
    public async Task Run_MappedChannelFull_DegradedWithServerReason()
    {
        await using var server = await MurmurServer.StartAsync();
        await using var admin = await TestMumbleClient.ConnectAsync(server.Port, "SuperUser", MurmurServer.SuperUserPassword);
        var full = await admin.CreateChannelAsync(string.Empty, "Full");
        await admin.SendAsync(new ChannelState { ChannelId = full, MaxUsers = 1 });
        await using var occupant = await TestMumbleClient.ConnectAsync(server.Port, "occupant");
        await occupant.JoinAsync("Full");
        using var rig = new SessionRig(TimeProvider.System, Timings);
        await using var session = new MumbleChannelSession(Options(server, "Full"), "Full", SessionRig.Group, "gateway-1", rig.Services);
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        var reason = string.Empty;
        await Wait.UntilAsync(
            () => rig.Health.Snapshot().TryGetValue("mumble/murmur/Full", out var h) && (reason = h.Reason).Contains("ChannelFull", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "health reports the channel is full");
        await stop.CancelAsync();
        await run;

        Assert.False(session.IsJoined);
        Assert.Contains("while joining 'Full'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MappedChannelMissing_DegradedNamingThePath()
    {
        await using var server = await MurmurServer.StartAsync();
        using var rig = new SessionRig(TimeProvider.System, Timings);
        await using var session = new MumbleChannelSession(Options(server, "Nowhere/Else"), "Nowhere/Else", SessionRig.Group, "gateway-1", rig.Services);
        using var stop = new CancellationTokenSource();

        var run = session.RunAsync(stop.Token);
        await Wait.UntilAsync(
            () => rig.Health.Snapshot().TryGetValue("mumble/murmur/Nowhere/Else", out var h) && h.Reason.Contains("'Nowhere/Else' does not exist", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "health names the missing channel");
        await stop.CancelAsync();
        await run;
    }

    private static MumbleConnectorOptions Options(MurmurServer server, string channel) => new()
    {
        Id = "murmur",
        Host = "127.0.0.1",
        Port = server.Port,
        Username = "gateway",
        AcceptInvalidCertificate = true,
        ReconnectMaxSeconds = 1,
        Channels = { [channel] = SessionRig.Group.Value },
    };

    private static async Task<string> FetchFingerprintAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("127.0.0.1");
        return Convert.ToHexString(SHA256.HashData(ssl.RemoteCertificate!.GetRawCertData()));
    }
}
