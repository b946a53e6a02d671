using Gateway.Core.Alerts;
using Gateway.Core.Endpoints;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Metrics;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Core.Units;
using Gateway.Core.UnitState;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.UnitState;

/// <summary>
/// A unit-state service on a real switchboard (with the emergency priority policy), unit directory and alert engine, on a fake
/// clock. Groups: north (n1 DTMF 031 / selcall 12031 / Mumble "n1"; n2), south (mutual aid of n1). Endpoints in north:
/// "console" (a dispatcher) and "radio-n1" (n1's radio; its talker carries the unit) and "rtp-peer" (talkers carry no unit).
/// </summary>
internal sealed class UnitStateRig : IAsyncDisposable
{
    public UnitStateRig(IUnitStateStore? store = null, UnitStateOptions? options = null)
    {
        // The built-in statuses, plus 5-tone status digits 1-6 as a deployment would configure them.
        Options = options ?? new UnitStateOptions
        {
            Emergency = { CancelGraceSeconds = 10, OpenMicSeconds = 15 },
            Statuses = [.. UnitStateOptions.DefaultStatuses.Select((s, i) => new UnitStatusOptions
            {
                Name = s.Name,
                DtmfCode = s.DtmfCode,
                Keyword = s.Keyword,
                PageMutualAid = s.PageMutualAid,
                SelCallCode = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            })],
        };
        Bus = new EventBus(Metrics, Bindings);
        Events = Bus.Subscribe("rig", 100_000);
        Policy = new EmergencyPriorityPolicy(Time, Microsoft.Extensions.Options.Options.Create(Options));
        Switchboard = new Switchboard(new TestL16CodecFactory(), Bus, Metrics, Time, priorityPolicy: Policy);
        foreach (var group in new[] { "north", "south" })
        {
            Switchboard.UpsertTalkGroup(Harness.Group(group, hangMs: 0));
        }

        Units = new UnitDirectory(Bus, Time);
        Units.Upsert(new UnitSettings(N1, "North 1", [North], "n1", "12031", "031") { MutualAidTalkGroups = [new TalkGroupId("south")] });
        Units.Upsert(new UnitSettings(new UnitId("n2"), "North 2", [North], "n2", "12032", "032"));
        Units.Upsert(new UnitSettings(new UnitId("s1"), "South 1", [new TalkGroupId("south")], null, null, null));
        Console = Attach("console");
        Radio = Attach("radio-n1");
        Peer = Attach("rtp-peer");
        Store = store ?? new InMemoryUnitStateStore();
        Alerts = new AlertEngine(Switchboard, Units, Bus, new InMemoryAlertStore(), Time, Microsoft.Extensions.Options.Options.Create(new AlertOptions()), NullLogger<AlertEngine>.Instance);
        Service = NewService();
    }

    public static UnitId N1 { get; } = new("n1");

    /// <summary>Terminals bound to units (Gateway:Units[i]:Endpoints): the bus attributes their signals.</summary>
    public UnitEndpointBindings Bindings { get; } = new();

    public static TalkGroupId North { get; } = new("north");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));

    public GatewayMetrics Metrics { get; } = new();

    public UnitStateOptions Options { get; }

    public EventBus Bus { get; }

    public IEventSubscription Events { get; }

    public EmergencyPriorityPolicy Policy { get; }

    public Switchboard Switchboard { get; }

    public UnitDirectory Units { get; }

    public InMemoryEndpoint Console { get; }

    public InMemoryEndpoint Radio { get; }

    public InMemoryEndpoint Peer { get; }

    public IUnitStateStore Store { get; }

    public AlertEngine Alerts { get; }

    public UnitStateService Service { get; private set; }

    public static async Task<UnitStateRig> StartAsync(IUnitStateStore? store = null, UnitStateOptions? options = null)
    {
        var rig = new UnitStateRig(store, options);
        await rig.Alerts.StartAsync(CancellationToken.None);
        await rig.Service.StartAsync(CancellationToken.None);
        return rig;
    }

    public UnitStateService NewService() =>
        new(Units, Switchboard, Bus, Store, Policy, Time, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<UnitStateService>.Instance, Alerts,
            Microsoft.Extensions.Options.Options.Create(new AlertOptions()));

    /// <summary>Stops the service (flushing its store) and starts a fresh one with a fresh policy state: a process restart.</summary>
    public async Task RestartAsync()
    {
        await Service.StopAsync(CancellationToken.None);
        Policy.Disarm(N1);
        Service = NewService();
        await Service.StartAsync(CancellationToken.None);
    }

    public FloorOutcome Talk(InMemoryEndpoint endpoint, UnitId? unit, Priority priority = Priority.Normal) =>
        Switchboard.RequestFloor(new FloorRequest(North, new Talker(endpoint.Id, unit, endpoint.Id.Value), priority));

    public void Release(InMemoryEndpoint endpoint) => Switchboard.ReleaseFloor(endpoint.Id, North);

    public void Signal(InMemoryEndpoint endpoint, SignalKind kind, string value, UnitId? unit = null) =>
        Bus.Publish(new SignalReceived(Time.GetUtcNow(), endpoint.Id, North, unit, kind, value));

    public T WaitFor<T>(Func<T, bool>? match = null)
        where T : GatewayEvent
    {
        T? found = null;
        Eventually.True(
            () =>
            {
                while (Events.Reader.TryRead(out var e))
                {
                    if (e is T t && (match?.Invoke(t) ?? true))
                    {
                        found = t;
                        return true;
                    }
                }

                return false;
            },
            typeof(T).Name);
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Alerts.DisposeAsync();
        Switchboard.Dispose();
    }

    private InMemoryEndpoint Attach(string id)
    {
        var endpoint = new InMemoryEndpoint(new EndpointId(id), Gateway.Audio.Codecs.CodecProfile.Pcm48k, capture: false);
        Switchboard.Attach(endpoint, North);
        return endpoint;
    }
}
