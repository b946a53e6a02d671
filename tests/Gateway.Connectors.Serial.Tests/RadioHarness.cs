using Gateway.Audio;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Tests.Control;
using Gateway.Connectors.Serial.Tests.Fakes;
using Gateway.Core.Media;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Serial.Tests;

/// <summary>A radio endpoint on virtual time with fake modem lines (RTS PTT, DCD squelch unless told otherwise).</summary>
internal sealed class RadioHarness : IAsyncDisposable
{
    public RadioHarness(Action<SerialRadioOptions>? configure = null, IAniDecoder? ani = null, IUnitDirectory? units = null, bool connect = true, Gateway.Core.Events.IEventBus? events = null)
    {
        var options = new SerialRadioOptions
        {
            Id = "radio-1",
            TalkGroup = "tg",
            Port = "/dev/fake",
            Priority = "dispatcher",
            Audio = { Capture = "file:/dev/null", Playback = "file:/dev/null" },
            Ptt = { Method = "rts", LeadMs = 100, TailMs = 200 },
            Squelch = { Method = "dcd", DebounceMs = 40, MinOpenMs = 100, PollMs = 20 },
            TransmitTimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        Settings = RadioSettings.Create(options);
        Time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Switchboard = new RecordingSwitchboard(Time);
        Ptt = Settings.PttMethod == "none" ? new NoPtt() : new ModemLinePtt(Lines, RadioSettings.ParseLine(Settings.PttMethod), Settings.PttActiveHigh);
        ISquelchDetector squelch = Settings.SquelchMethod switch
        {
            "always" => new AlwaysOpenSquelch(),
            "vox" => new VoxSquelch(Settings.VoxThresholdDb, Settings.VoxHangMs),
            _ => new ModemLineSquelch(Lines, RadioSettings.ParseLine(Settings.SquelchMethod), Settings.SquelchActiveHigh),
        };
        Endpoint = new RadioEndpoint(Settings, Switchboard, Health, Ptt, squelch, Time, NullLogger<RadioEndpoint>.Instance, units, ani, events);
        Endpoint.Start();
        if (connect && Settings.NeedsPort)
        {
            Endpoint.OnPortConnected();
        }
    }

    public RadioSettings Settings { get; }

    public FakeTimeProvider Time { get; }

    public FakeModemLines Lines { get; } = new();

    public RecordingSwitchboard Switchboard { get; }

    public RecordingHealthRegistry Health { get; } = new();

    public IPttLine Ptt { get; }

    public RadioEndpoint Endpoint { get; }

    /// <summary>True when the PTT line is at its transmit level.</summary>
    public bool Keyed => Settings.PttMethod == "dtr" ? Lines.DtrLevel == Settings.PttActiveHigh : Lines.RtsLevel == Settings.PttActiveHigh;

    public bool Squelch
    {
        set => Lines.DcdLevel = value;
    }

    public void DeliverFrame(float value = 0.25f, FrameFlags flags = FrameFlags.None)
    {
        var packet = MediaPacketPool.Shared.Rent();
        packet.Pcm.AsSpan().Fill(value);
        packet.HasPcm = true;
        packet.Flags = flags;
        Endpoint.Deliver(packet);
    }

    public void DeliverEndOfTransmission()
    {
        var packet = MediaPacketPool.Shared.Rent();
        packet.HasPcm = false;
        packet.Samples = 0;
        packet.Flags = FrameFlags.EndOfTransmission;
        Endpoint.Deliver(packet);
    }

    public void Capture(float value = 0.1f)
    {
        Span<float> frame = stackalloc float[AudioFormat.FrameSamples];
        frame.Fill(value);
        Endpoint.OnCapturedFrame(frame);
    }

    /// <summary>Advances virtual time in 20 ms frames, capturing a frame each step (the capture pump's pace).</summary>
    public void RunFrames(int frames, Action<int>? perFrame = null, float captureValue = 0.1f)
    {
        for (var i = 0; i < frames; i++)
        {
            perFrame?.Invoke(i);
            Capture(captureValue);
            Time.Advance(TimeSpan.FromMilliseconds(20));
        }
    }

    public bool TakePlayout()
    {
        Span<float> frame = stackalloc float[AudioFormat.FrameSamples];
        return Endpoint.TryTakePlayoutFrame(frame);
    }

    public ValueTask DisposeAsync() => Endpoint.DisposeAsync();
}
