using Gateway.Api.Tests.Services;
using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Tests.Shared;
using Google.Protobuf;
using Grpc.Core;
using Xunit.Abstractions;
using Ffmpeg = Gateway.Connectors.Rtp.Tests.Support.Ffmpeg;
using TempDirectory = Gateway.Connectors.Rtp.Tests.Support.TempDirectory;
using ToneAnalysis = Gateway.Connectors.Rtp.Tests.Support.ToneAnalysis;
using ToneWav = Gateway.Connectors.Rtp.Tests.Support.Wav;

namespace Gateway.Api.Tests.Interop;

/// <summary>
/// A WAV talked in through gRPC Calls.Talk arrives at the real ffmpeg as RTP: the group has a run-time RTP endpoint
/// (created through gateway.v1.Endpoints) whose remote is an ffmpeg receiver; the recording is measured.
/// </summary>
[Collection(GatewayServerCollection.Name)]
public sealed class GrpcToRtpInteropTests
{
    private const double ToneSeconds = 2.0;
    private const double Amplitude = 0.125;
    private static readonly Metadata Admin = GatewayServer.Bearer(GatewayServer.AdminKey);
    private static readonly Metadata Dispatcher = GatewayServer.Bearer(GatewayServer.DispatcherKey);
    private readonly GatewayServer _server;
    private readonly ITestOutputHelper _output;

    public GrpcToRtpInteropTests(GatewayServer server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [Theory]
    [InlineData(RtpCodec.Opus)]
    [InlineData(RtpCodec.Pcmu)]
    public async Task Talk_WavThroughGrpc_FfmpegRtpReceiverGetsSameTone(RtpCodec codec)
    {
        RequiredTool.Find("ffmpeg");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        using var temp = new TempDirectory();
        var group = "interop-" + codec.ToString().ToLowerInvariant();
        var endpoint = group + "-rtp";
        var receiverPort = FreePort.UdpPair();
        await _server.TalkGroups.CreateTalkGroupAsync(new CreateTalkGroupRequest { Id = group, Name = group, HangTimeMs = 100 }, Admin, cancellationToken: cts.Token);
        var settings = EndpointsRpcTests.Rtp(endpoint, group, FreePort.UdpPair(), $"127.0.0.1:{receiverPort}");
        settings.Codec = codec;
        await _server.Endpoints.CreateRtpEndpointAsync(new CreateRtpEndpointRequest { Settings = settings }, Admin, cancellationToken: cts.Token);
        try
        {
            // The WAV: the tone, then a second of silence so the RTP stream outlasts the receiver's -t (an ffmpeg RTP
            // receiver only stops cleanly there) and the tone's end is inside the recording.
            var wavIn = temp.File("in.wav");
            ToneWav.WriteTone(wavIn, 48_000, ToneSeconds, 1000, Amplitude);
            var (tone, rate) = Wav.ReadMono16(wavIn);
            Assert.Equal(48_000, rate);
            var pcm = Wav.ToBytes([.. tone, .. new short[48_000]]);

            var wavOut = temp.File("out.wav");
            var sdp = Ffmpeg.WriteSdp(temp.Path, "rx.sdp", receiverPort, codec.ToString().ToLowerInvariant());
            using var receiver = Ffmpeg.Start("-y", "-protocol_whitelist", "file,udp,rtp", "-i", sdp, "-t", "2.5", "-ac", "1", "-ar", "48000", wavOut);
            await receiver.WaitUntilListeningAsync(receiverPort);

            using (var talk = _server.Calls.Talk(Dispatcher, cancellationToken: cts.Token))
            {
                await talk.RequestStream.WriteAsync(TalkMonitorTests.Start(group, Priority.Dispatcher, "wav"), cts.Token);
                Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
                for (var offset = 0; offset < pcm.Length; offset += 9600)
                {
                    await talk.RequestStream.WriteAsync(new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(pcm, offset, Math.Min(9600, pcm.Length - offset)) } }, cts.Token);
                }

                await talk.RequestStream.CompleteAsync();
                Assert.Equal(TalkResponse.MessageOneofCase.Ended, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
            }

            try
            {
                await receiver.WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                var detail = await _server.Endpoints.GetEndpointAsync(new GetEndpointRequest { EndpointId = endpoint }, Admin, cancellationToken: CancellationToken.None);
                _output.WriteLine($"endpoint: {detail.RtpStatistics}\nreceiver: {receiver.Stderr[^Math.Min(receiver.Stderr.Length, 600)..]}");
            }

            var (samples, outRate) = ToneWav.Read(wavOut);
            var measured = ToneAnalysis.Measure(samples, outRate);
            _output.WriteLine($"grpc wav -> {codec}: {measured}");
            Assert.InRange(measured.FrequencyHz, 990, 1010);
            Assert.InRange(measured.LevelDbfs, ToneAnalysis.SineLevelDbfs(Amplitude) - 1, ToneAnalysis.SineLevelDbfs(Amplitude) + 1);
            Assert.InRange(measured.DurationSeconds, ToneSeconds - 0.04, ToneSeconds + 0.04);
            Assert.Equal(0, measured.LongestGapSeconds);
        }
        finally
        {
            await _server.Endpoints.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointId = endpoint }, Admin, cancellationToken: CancellationToken.None);
            await _server.TalkGroups.DeleteTalkGroupAsync(new DeleteTalkGroupRequest { TalkGroupId = group }, Admin, cancellationToken: CancellationToken.None);
        }
    }
}
