using Gateway.Audio.Files;
using Gateway.Core.Floor;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;
using Gateway.Tests.Shared;
using Xunit.Abstractions;

namespace Gateway.Storage.Tests.Recording;

public sealed class RecordingSizeTests
{
    private readonly ITestOutputHelper _output;

    public RecordingSizeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>
    /// Records the test speech (English and Mandarin, ~17 s) at a configured bitrate and extrapolates one hour of speech
    /// (the figure for the README). The file's rate must follow the configured bitrate (Opus VBR plus Ogg framing).
    /// </summary>
    [Theory]
    [InlineData(16_000)]
    [InlineData(32_000)]
    public async Task Recording_TestSpeechAtBitrate_SizeFollowsBitrateAndHourIsReported(int bitrate)
    {
        await using var h = new RecordingHarness(opusBitrate: bitrate);
        var group = h.AddGroup("tianhe-sports", record: true);
        var radio = h.AddTalker("radio-1", group);
        await h.StartAsync();
        var speech = WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-en-48k.wav"))
            .Concat(WavFile.ReadMono48k(TestPaths.TestDataFile("dispatch-zh-48k.wav"))).ToArray();

        h.Request(radio, group, Priority.Normal);
        var frames = h.TalkSamples(radio, group, speech);
        h.Switchboard.ReleaseFloor(radio.Id, group);
        h.Storage.Time.Advance(TimeSpan.FromSeconds(4));
        await Wait.UntilAsync(() => h.Recorder.RecordingsCompleted == 1);
        var call = Assert.Single((await h.Storage.Calls.ListCallsAsync(new CallQuery(group))).Calls);
        await Wait.UntilAsync(async () => (await h.Storage.Recordings.GetAsync(call.Id))?.Complete == true);
        var recording = (await h.Storage.Recordings.GetAsync(call.Id))!;

        Assert.Equal(TimeSpan.FromMilliseconds(frames * 20), recording.Duration);
        var bitsPerSecond = recording.SizeBytes * 8 / recording.Duration.TotalSeconds;
        var hourMegabytes = recording.SizeBytes / recording.Duration.TotalSeconds * 3600 / (1024 * 1024);
        _output.WriteLine($"{bitrate / 1000} kbit/s: {recording.Duration.TotalSeconds:F2} s of speech -> {recording.SizeBytes} bytes = {bitsPerSecond / 1000:F1} kbit/s on disk; one hour = {hourMegabytes:F1} MiB");
        Assert.InRange(bitsPerSecond, bitrate * 0.5, bitrate * 1.25);
    }
}
