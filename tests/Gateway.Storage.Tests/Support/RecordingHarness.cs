using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Files;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Gateway.Core.TalkGroups;
using Gateway.Storage.Recording;
using Gateway.Storage.Writing;
using Gateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Storage.Tests.Support;

/// <summary>
/// The real core (switchboard, floor arbiter, router, event bus, health registry), the real codecs, the storage writer
/// and the recorder on a real SQLite file, driven by a fake clock. Talkers are in-memory endpoints fed with test speech.
/// </summary>
public sealed class RecordingHarness : IAsyncDisposable
{
    private static readonly Lazy<float[]> SpeechSamples = new(() => WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-en-48k.wav")));

    private int _speechOffset;

    public RecordingHarness(long minFreeMegabytes = 0, int retentionDays = 30, int opusBitrate = 32_000)
    {
        Bus = new EventBus();
        Codecs = new CodecFactory();
        Health = new HealthRegistry(Bus, Storage.Time);
        Switchboard = new Switchboard(Codecs, Bus, new GatewayMetrics(), Storage.Time);
        Options = new RecordingOptions
        {
            Directory = Path.Combine(Storage.Folder, "recordings"),
            MinFreeMegabytes = minFreeMegabytes,
            RetentionDays = retentionDays,
            OpusBitrate = opusBitrate,
        };
        Writer = new StorageEventWriter(Bus, Storage.Events, Storage.Calls, Storage.Time, NullLogger<StorageEventWriter>.Instance);
        Recorder = new RecordingService(Switchboard, Bus, Codecs, Health, Storage.Recordings, Options, Storage.Time, NullLogger<RecordingService>.Instance);
        Store = new RecordingStore(Storage.Recordings, Options);
    }

    public StorageFixture Storage { get; } = new();

    public EventBus Bus { get; }

    public CodecFactory Codecs { get; }

    public HealthRegistry Health { get; }

    public Switchboard Switchboard { get; }

    public RecordingOptions Options { get; }

    public StorageEventWriter Writer { get; }

    public RecordingService Recorder { get; }

    internal RecordingStore Store { get; }

    public static float[] Speech => SpeechSamples.Value;

    public async Task StartAsync()
    {
        await Writer.StartAsync(CancellationToken.None);
        await Recorder.StartAsync(CancellationToken.None);
    }

    public TalkGroupId AddGroup(string id, bool record)
    {
        var settings = TalkGroupSettings.Default(new TalkGroupId(id)) with { Record = record, HangTime = TimeSpan.FromSeconds(3) };
        Switchboard.UpsertTalkGroup(settings);
        return settings.Id;
    }

    public InMemoryEndpoint AddTalker(string id, TalkGroupId group, CodecProfile? egress = null)
    {
        var endpoint = new InMemoryEndpoint(new EndpointId(id), egress ?? CodecProfile.Opus(), capture: false);
        Switchboard.Attach(endpoint, group);
        return endpoint;
    }

    public FloorOutcome Request(InMemoryEndpoint endpoint, TalkGroupId group, Priority priority, string? unit = null) =>
        Switchboard.RequestFloor(new FloorRequest(group, new Talker(endpoint.Id, unit is null ? null : new UnitId(unit), unit ?? endpoint.Id.Value), priority));

    /// <summary>Sends <paramref name="frames"/> 20 ms frames of speech as PCM only (the router encodes for the recorder).</summary>
    public void TalkPcm(InMemoryEndpoint endpoint, TalkGroupId group, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            Switchboard.SubmitFrame(endpoint.Id, group, NextFrame(), ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.None);
            Storage.Time.Advance(AudioFormat.FrameDuration);
        }
    }

    /// <summary>Sends frames as Opus payloads only (as an Opus talker does); returns the payloads sent.</summary>
    public List<byte[]> TalkOpus(InMemoryEndpoint endpoint, TalkGroupId group, int frames)
    {
        using var encoder = Codecs.CreateEncoder(CodecProfile.Opus());
        var sent = new List<byte[]>(frames);
        var buffer = new byte[AudioFormat.MaxPacketBytes];
        for (var i = 0; i < frames; i++)
        {
            var length = encoder.Encode(NextFrame(), buffer);
            sent.Add(buffer.AsSpan(0, length).ToArray());
            Switchboard.SubmitFrame(endpoint.Id, group, ReadOnlySpan<float>.Empty, buffer.AsSpan(0, length), CodecProfile.Opus(), FrameFlags.None);
            Storage.Time.Advance(AudioFormat.FrameDuration);
        }

        return sent;
    }

    /// <summary>Sends whole frames of <paramref name="samples"/> as PCM only.</summary>
    public int TalkSamples(InMemoryEndpoint endpoint, TalkGroupId group, float[] samples)
    {
        var frames = samples.Length / AudioFormat.FrameSamples;
        for (var i = 0; i < frames; i++)
        {
            Switchboard.SubmitFrame(endpoint.Id, group, samples.AsSpan(i * AudioFormat.FrameSamples, AudioFormat.FrameSamples), ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.None);
            Storage.Time.Advance(AudioFormat.FrameDuration);
        }

        return frames;
    }

    public string FullPath(string relative) => RecordingPaths.Full(Options.Directory, relative);

    public async ValueTask DisposeAsync()
    {
        await Recorder.DisposeAsync();
        await Writer.DisposeAsync();
        Switchboard.Dispose();
        Storage.Dispose();
    }

    private float[] NextFrame()
    {
        var speech = Speech;
        if (_speechOffset + AudioFormat.FrameSamples > speech.Length)
        {
            _speechOffset = 0;
        }

        var frame = speech.AsSpan(_speechOffset, AudioFormat.FrameSamples).ToArray();
        _speechOffset += AudioFormat.FrameSamples;
        return frame;
    }
}
