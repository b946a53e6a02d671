using Gateway.Core.Alerts;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Positions;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Tests.Alerts;

/// <summary>
/// An alert engine on a real switchboard and unit directory with a fake clock. Groups: north (n1, n2), south (mutual aid: s1),
/// reinforce (r1). n1: DTMF id 031, selcall 12031, Mumble user "n1".
/// </summary>
internal sealed class AlertRig : IAsyncDisposable
{
    public AlertRig(IAlertStore? store = null)
    {
        Harness = new Harness();
        foreach (var group in new[] { "north", "south", "reinforce" })
        {
            Harness.Switchboard.UpsertTalkGroup(Harness.Group(group, hangMs: 0));
        }

        Units = new UnitDirectory(Harness.Bus, Harness.Time);
        Units.Upsert(new UnitSettings(new UnitId("n1"), "North 1", [new TalkGroupId("north")], "n1", "12031", "031"));
        Units.Upsert(new UnitSettings(new UnitId("n2"), "North 2", [new TalkGroupId("north")], "n2", "12032", "032"));
        Units.Upsert(new UnitSettings(new UnitId("s1"), "South 1", [new TalkGroupId("south")], null, null, null));
        Units.Upsert(new UnitSettings(new UnitId("r1"), "Reinforcement 1", [new TalkGroupId("reinforce")], null, null, null));
        Store = store ?? new InMemoryAlertStore();
        Positions = new PositionRegistry(Units, new InMemoryPositionStore(), Harness.Time, Options.Create(new PositionOptions { StaleAfterSeconds = 300 }));
        Engine = NewEngine();
    }

    public Harness Harness { get; }

    public UnitDirectory Units { get; }

    public IAlertStore Store { get; }

    /// <summary>Unit positions (stale after 300 s) for nearest-units alerts.</summary>
    public PositionRegistry Positions { get; }

    public AlertEngine Engine { get; private set; }

    public DateTimeOffset Now => Harness.Time.GetUtcNow();

    public static AlertRequest Request(
        string[]? groups = null,
        string[]? units = null,
        bool onDutyOnly = false,
        Priority priority = Priority.Alert,
        AlertSignalling? signalling = null,
        IReadOnlyList<EscalationStep>? escalation = null,
        TimeSpan? deadline = null,
        bool ackRequired = true,
        AlertVoice? voice = null) =>
        new(new AlertTargets(groups ?? ["north"], units ?? [], onDutyOnly), priority, signalling ?? AlertSignalling.None, voice, "fire at the sports centre", 0, ackRequired, deadline, escalation ?? []);

    public static IReadOnlyList<EscalationStep> Ladder => AlertEngine.OneThreeFive(["south"], ["reinforce"]);

    public static async Task<AlertRig> StartAsync(IAlertStore? store = null)
    {
        var rig = new AlertRig(store);
        await rig.Engine.StartAsync(CancellationToken.None);
        return rig;
    }

    /// <summary>Records the texts the engine posts (what a Mumble channel would show).</summary>
    public RecordingTextChannel Texts { get; } = new();

    public AlertEngine NewEngine() =>
        new(Harness.Switchboard, Units, Harness.Bus, Store, Harness.Time, Options.Create(new AlertOptions()), NullLogger<AlertEngine>.Instance, [Texts], positions: Positions);

    /// <summary>Stops the engine (flushing the store) and starts a new one on the same store: a process restart.</summary>
    public async Task RestartAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        Engine = NewEngine();
        await Engine.StartAsync(CancellationToken.None);
    }

    public AlertSnapshot WaitForState(string id, AlertState state, InMemoryEndpoint? pumpUntilHeardBy = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Engine.Get(id)?.State != state)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"alert {id} did not reach {state}; it is {Engine.Get(id)?.State}");
            }

            if (pumpUntilHeardBy is { } listener)
            {
                // The alert's audio is paced on the fake clock: let 20 ms pass, then give the pacer a moment to send the frame
                // (so the virtual clock never races ahead of the audio into the group's transmit-time limit).
                var before = listener.Delivered;
                Harness.Time.Advance(TimeSpan.FromMilliseconds(20));
                SpinWait.SpinUntil(() => listener.Delivered != before, 50);
            }

            Thread.Yield();
        }

        return Engine.Get(id)!;
    }

    public List<T> Events<T>()
        where T : GatewayEvent => Harness.DrainEvents().OfType<T>().ToList();

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Harness.Dispose();
    }
}

internal sealed class RecordingTextChannel : IAlertTextChannel
{
    private readonly List<(TalkGroupId Group, string Text)> _posts = [];

    public IReadOnlyList<(TalkGroupId Group, string Text)> Posts
    {
        get
        {
            lock (_posts)
            {
                return [.. _posts];
            }
        }
    }

    public Task<int> PostTextAsync(TalkGroupId group, string text, CancellationToken cancellationToken = default)
    {
        lock (_posts)
        {
            _posts.Add((group, text));
        }

        return Task.FromResult(1);
    }
}
