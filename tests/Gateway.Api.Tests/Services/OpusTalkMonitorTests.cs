using Gateway.Api.Tests.Support;
using Gateway.Api.V1;
using Gateway.Audio.Codecs;
using Gateway.Tests.Shared;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Api.Tests.Services;

[Collection(GatewayServerCollection.Name)]
public sealed class OpusTalkMonitorTests
{
    private readonly GatewayServer _server;

    public OpusTalkMonitorTests(GatewayServer server)
    {
        _server = server;
    }

    [Fact]
    public async Task Talk_OpusPackets_HeardByPcmAndOpusMonitors()
    {
        var (all, _) = Wav.ReadMono16(TestPaths.TestDataFile("dispatch-en-48k.wav"));
        var sent = all[..(48_000 * 2)]; // two seconds keep the test short
        var codecs = _server.Services.GetRequiredService<ICodecFactory>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var observer = GatewayServer.Bearer(GatewayServer.ObserverKey);

        using var pcmMonitor = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "bravo" }, Format = AudioFormat.Pcm1648K }, observer, cancellationToken: cts.Token);
        using var opusMonitor = _server.Calls.Monitor(new MonitorRequest { TalkGroupIds = { "bravo" }, Format = AudioFormat.Opus }, observer, cancellationToken: cts.Token);
        await TestWait.UntilAsync<object>(async () =>
        {
            var endpoints = await _server.Units.ListEndpointsAsync(new ListEndpointsRequest { TalkGroupId = "bravo" }, observer, cancellationToken: cts.Token);
            return endpoints.Endpoints.Count(e => e.Id.StartsWith("grpc-monitor-", StringComparison.Ordinal)) >= 2 ? new object() : null;
        }, cts.Token);
        var pcm = MonitorCollector.Start(pcmMonitor, cts.Token);
        var opus = MonitorCollector.Start(opusMonitor, cts.Token);

        using var talk = _server.Calls.Talk(GatewayServer.Bearer(GatewayServer.DispatcherKey), cancellationToken: cts.Token);
        await talk.RequestStream.WriteAsync(TalkMonitorTests.Start("bravo", Priority.Dispatcher, "opus talker", AudioFormat.Opus), cts.Token);
        Assert.Equal(TalkResponse.MessageOneofCase.Granted, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);
        using (var encoder = codecs.CreateEncoder(CodecProfile.Opus()))
        {
            var frame = new float[960];
            var packet = new byte[1275];
            for (var offset = 0; offset + 960 <= sent.Length; offset += 960)
            {
                for (var i = 0; i < 960; i++)
                {
                    frame[i] = sent[offset + i] / 32768f;
                }

                var length = encoder.Encode(frame, packet);
                await talk.RequestStream.WriteAsync(new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(packet, 0, length) } }, cts.Token);
            }
        }

        await talk.RequestStream.CompleteAsync();
        Assert.Equal(TalkResponse.MessageOneofCase.Ended, (await TalkMonitorTests.NextAsync(talk, cts.Token)).MessageCase);

        var pcmHeard = (await pcm.UntilEndOfTransmissionAsync(cts.Token)).Samples;
        var opusFrames = (await opus.UntilEndOfTransmissionAsync(cts.Token)).Frames;
        Assert.All(opusFrames.Where(f => f.Data.Length > 0), f => Assert.Equal(AudioFormat.Opus, f.Format));

        // Decode what the Opus monitor got and compare both with what was sent (Opus adds a small delay: search the lag).
        var decoded = new List<short>();
        using (var decoder = codecs.CreateDecoder(CodecProfile.Opus()))
        {
            var output = new float[5760];
            foreach (var frame in opusFrames.Where(f => f.Data.Length > 0))
            {
                var n = decoder.Decode(frame.Data.Span, output);
                decoded.AddRange(output.Take(n).Select(PcmConversion.ToInt16));
            }
        }

        // PCM went through one Opus generation (the client's) and must match like the issue demands (>= 0.9). The Opus
        // monitor hears a second generation (the router re-encodes at 32 kbit/s): Opus does not preserve the waveform,
        // so two tandem encodings of speech correlate lower (measured about 0.84); 0.75 still rejects wrong or shifted audio.
        foreach (var (name, heard, minimum) in new[] { ("pcm", pcmHeard, 0.9), ("opus", decoded.ToArray(), 0.75) })
        {
            Assert.InRange(heard.Length / 48.0, (sent.Length / 48.0) - 40, (sent.Length / 48.0) + 40);
            var (correlation, lag) = Signals.BestCorrelation(sent, heard, 960);
            Assert.True(correlation >= minimum, $"{name}: cross-correlation {correlation:F3} at lag {lag}");
        }
    }
}
