using Gateway.Audio.Codecs;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Tests.TestDoubles;

namespace Gateway.Core.Tests.Routing;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task FloorMediaAndMembership_FromManyThreads_KeepInvariantsAndReturnEveryPacket()
    {
        var pool = new MediaPacketPool();
        using var h = new Harness();
        using var board = new Switchboard(h.Codecs, h.Bus, h.Metrics, h.Time, pool: pool);
        var group = new TalkGroupId("a");
        board.UpsertTalkGroup(Harness.Group("a", hangMs: 0));
        var talkers = Enumerable.Range(0, 4).Select(i => new InMemoryEndpoint(new EndpointId("t" + i), i % 2 == 0 ? CodecProfile.Pcm48k : CodecProfile.Opus(), capture: false)).ToArray();
        foreach (var talker in talkers)
        {
            board.Attach(talker, group);
        }

        var listener = new InMemoryEndpoint(new EndpointId("listener"), CodecProfile.Pcmu, capture: false);
        var frame = Harness.Tone(0);
        using var stop = new CancellationTokenSource();

        var workers = talkers.Select((talker, index) => Task.Run(() =>
        {
            var random = new Random(index);
            var request = new FloorRequest(group, new Talker(talker.Id, null, talker.Id.Value), (Priority)random.Next(0, 4));
            for (var i = 0; i < 1500; i++)
            {
                board.RequestFloor(request with { Priority = (Priority)random.Next(0, 4) });
                for (var f = 0; f < 3; f++)
                {
                    board.SubmitFrame(talker.Id, group, frame, default, CodecProfile.Pcm48k, FrameFlags.None);
                }

                board.ReleaseFloor(talker.Id, group);
            }
        })).ToList();
        workers.Add(Task.Run(() =>
        {
            for (var i = 0; i < 3000 && !stop.IsCancellationRequested; i++)
            {
                board.Attach(listener, group);
                board.SetEndpointOnline(listener.Id, online: i % 3 != 0, "flapping");
                board.Detach(listener.Id, group);
            }
        }));

        await Task.WhenAll(workers.Take(talkers.Length)).WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));

        // Floor bookkeeping balances: every grant ended in a release or a revoke.
        var events = h.DrainEvents();
        var grants = events.OfType<FloorGranted>().Count();
        var ends = events.OfType<FloorReleased>().Count() + events.OfType<FloorRevoked>().Count();
        Assert.True(grants > 0);
        Assert.Equal(grants, ends);
        Assert.Equal(FloorPhase.Idle, board.GetFloorStatus(group).Phase);
        Assert.Equal(0, h.AllEvents.Dropped);

        // Every packet came back to the pool exactly once (a double release would have thrown in a worker).
        var created = pool.Created;
        Assert.InRange(created, 1, 64);
        for (var i = 0; i < created; i++)
        {
            pool.Rent();
        }

        Assert.Equal(created, pool.Created);
    }
}
