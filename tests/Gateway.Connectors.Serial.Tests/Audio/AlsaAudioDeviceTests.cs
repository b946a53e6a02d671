using System.Runtime.InteropServices;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Serial.Audio;
using Gateway.Connectors.Serial.Tests.Simulation;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Connectors.Serial.Tests.Audio;

/// <summary>The ALSA P/Invoke path against libasound's file/null plugins (no sound card here).</summary>
[Collection("alsa")]
public sealed class AlsaAudioDeviceTests
{
    [Fact]
    public void Write_FilePlugin_FileHoldsExactlyThePlayedSamples()
    {
        _ = AlsaTestConfig.Directory;
        var samples = new short[AlsaTestConfig.Rate]; // 1 s ramp
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(i * 3 - 12000);
        }

        using (var device = AlsaAudioDevice.Open("gwtx", AudioDirection.Playback, AlsaTestConfig.Rate))
        {
            Assert.Equal(160, device.PeriodSamples);
            for (var offset = 0; offset < samples.Length; offset += device.PeriodSamples)
            {
                device.Write(samples.AsSpan(offset, device.PeriodSamples));
            }
        }

        var written = MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(AlsaTestConfig.PlaybackFile)).ToArray();
        Assert.Equal(samples, written);
    }

    [Fact]
    public void Read_FilePlugin_ReturnsTheInfileAudio()
    {
        _ = AlsaTestConfig.Directory;
        using var device = AlsaAudioDevice.Open("gwrx", AudioDirection.Capture, AlsaTestConfig.Rate);
        var buffer = new short[AlsaTestConfig.Rate / 2];
        var n = device.Read(buffer);

        Assert.Equal(buffer.Length, n);
        Assert.Equal(AlsaTestConfig.CaptureSamples.AsSpan(0, n).ToArray(), buffer);
    }

    [Fact]
    public void Open_UnknownDevice_ErrorNamesTheDevice()
    {
        _ = AlsaTestConfig.Directory;
        var ex = Assert.Throws<IOException>(() => AlsaAudioDevice.Open("plughw:CARD=NoSuchRadioCard,DEV=0", AudioDirection.Capture, 48000));
        Assert.Contains("plughw:CARD=NoSuchRadioCard,DEV=0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("capture", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RadioChannel_VoxRadioOnAlsa_CapturedAudioReachesGroup()
    {
        _ = AlsaTestConfig.Directory;
        var group = new TalkGroupId("tg-alsa");
        using var switchboard = new Switchboard(new CodecFactory(), new EventBus(), new GatewayMetrics(), TimeProvider.System);
        switchboard.UpsertTalkGroup(TalkGroupSettings.Default(group) with { HangTime = TimeSpan.FromMilliseconds(50) });
        var console = new InMemoryEndpoint(new EndpointId("console"), CodecProfile.Pcm48k);
        switchboard.Attach(console, group);
        var settings = RadioSettings.Create(new SerialRadioOptions
        {
            Id = "handheld",
            TalkGroup = group.Value,
            Ptt = { Method = "none", LeadMs = 0, TailMs = 100 },
            Squelch = { Method = "vox", VoxThresholdDb = -30, VoxHangMs = 300, MinOpenMs = 60, DebounceMs = 20 },
            Audio = { Capture = "gwrx", Playback = "gwtx", SampleRate = AlsaTestConfig.Rate },
        });
        var channel = RadioChannel.Create(
            settings, switchboard, new HealthRegistry(new EventBus(), TimeProvider.System), TimeProvider.System, NullLoggerFactory.Instance,
            openAudio: direction => new PacedAudioDevice(AudioDevices.Open(direction == AudioDirection.Capture ? settings.Capture : settings.Playback, direction, settings.SampleRate, TimeProvider.System)));
        await using (channel)
        {
            channel.Start();

            // The infile is a tone well above the VOX threshold: the radio takes the floor and its audio reaches the console.
            Wait.Until(() => console.Delivered >= 10, TimeSpan.FromSeconds(10), "VOX audio from ALSA capture at the console");
            var status = switchboard.GetFloorStatus(group);
            Assert.Equal("handheld", status.Holder?.Talker.Endpoint.Value);
            Assert.True(channel.Pump.CapturedFrames >= 10);
        }
    }
}
