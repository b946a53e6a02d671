using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Endpoints;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.TalkGroups;
using Gateway.Storage.Recording;
using Gateway.Storage.Tests.Support;
using Gateway.Storage.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Storage.Tests.Crash;

/// <summary>
/// A gateway process for the crash test: storage + core + audio composed in a real host, one recorded call in
/// progress (transmission 1 released, transmission 2 still talking, paced in real time). It prints
/// <c>ACKED &lt;call&gt; &lt;events&gt;</c> once the storage writer has committed the call's events, then keeps talking until killed.
/// </summary>
internal static class CrashChild
{
    public const string Verb = "crash-child";
    public static readonly TalkGroupId Group = new("tianhe-sports");

    public static async Task<int> RunAsync(string database, string recordings)
    {
        using var host = StorageHostBuilder.Build(database, recordings, retentionDays: 0);
        await host.StartAsync();
        var board = host.Services.GetRequiredService<ISwitchboard>();
        var writer = host.Services.GetRequiredService<StorageEventWriter>();
        board.UpsertTalkGroup(TalkGroupSettings.Default(Group) with { Record = true });
        var radio = new InMemoryEndpoint(new EndpointId("radio-1"), CodecProfile.Opus(), capture: false);
        var console = new InMemoryEndpoint(new EndpointId("console-a"), CodecProfile.Opus(), capture: false);
        board.Attach(radio, Group);
        board.Attach(console, Group);
        await Wait.UntilAsync(() => board.FindTalkGroup(Group)!.Endpoints.Contains(RecordingService.EndpointId), TimeSpan.FromSeconds(10));

        using var ticks = new PeriodicTimer(AudioFormat.FrameDuration);
        var speech = RecordingHarness.Speech;
        var offset = 0;
        async Task TalkAsync(EndpointId talker, int frames)
        {
            for (var i = 0; i < frames; i++)
            {
                await ticks.WaitForNextTickAsync();
                if (offset + AudioFormat.FrameSamples > speech.Length)
                {
                    offset = 0;
                }

                board.SubmitFrame(talker, Group, speech.AsSpan(offset, AudioFormat.FrameSamples), ReadOnlySpan<byte>.Empty, CodecProfile.Pcm48k, FrameFlags.None);
                offset += AudioFormat.FrameSamples;
            }
        }

        var first = board.RequestFloor(new FloorRequest(Group, new Talker(radio.Id, new UnitId("patrol-3"), "patrol 3"), Priority.Normal));
        await TalkAsync(radio.Id, 50);
        board.ReleaseFloor(radio.Id, Group);
        board.RequestFloor(new FloorRequest(Group, new Talker(console.Id, null, "dispatcher"), Priority.Dispatcher));
        await TalkAsync(console.Id, 100);

        // CallStarted, FloorGranted 1, FloorReleased 1, FloorGranted 2 are committed: acknowledged.
        await Wait.UntilAsync(() => writer.EventsWritten >= 4, TimeSpan.FromSeconds(10));
        await Console.Out.WriteLineAsync($"ACKED {first.Grant!.Call.Value} {writer.EventsWritten}");
        await Console.Out.FlushAsync();
        while (true)
        {
            await TalkAsync(console.Id, 50);
        }
    }
}
