using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Tests.TestDoubles;
using Gateway.Core.Units;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Core.Tests.Units;

/// <summary>
/// Terminals bound to units: presence follows the switchboard (attached and not offline = the unit's online terminal),
/// and signals from a bound terminal carry its unit.
/// </summary>
public sealed class UnitTerminalPresenceTests : IDisposable
{
    private static readonly UnitId Patrol3 = new("patrol-3");
    private static readonly UnitId Patrol4 = new("patrol-4");
    private static readonly EndpointId Radio7 = new("radio-7");
    private readonly Harness _h = new();
    private readonly UnitDirectory _units;
    private readonly UnitTerminalPresence _presence;

    public UnitTerminalPresenceTests()
    {
        _h.Switchboard.UpsertTalkGroup(Harness.Group("district"));
        _units = new UnitDirectory(_h.Bus, _h.Time);
        _units.Upsert(new UnitSettings(Patrol3, "Patrol 3", [new TalkGroupId("district")], null, null, "031"));
        _units.Upsert(new UnitSettings(Patrol4, "Patrol 4", [new TalkGroupId("district")], null, null, "032"));
        _presence = new UnitTerminalPresence(_h.Bindings, _h.Switchboard, _units, _h.Bus, NullLogger<UnitTerminalPresence>.Instance);
    }

    [Fact]
    public void Reconcile_BoundEndpointAttachedOfflineOnlineDetached_PresenceFollows()
    {
        Assert.True(_h.Bindings.TryBind(Radio7, Patrol3, out _));
        _presence.Reconcile();
        Assert.Empty(Online(Patrol3)); // bound, but not attached yet

        _h.Endpoint("radio-7", "district");
        _presence.Reconcile();
        Assert.Equal([Radio7], Online(Patrol3));

        _h.Switchboard.SetEndpointOnline(Radio7, false, "serial port lost");
        _presence.Reconcile();
        Assert.Empty(Online(Patrol3));

        _h.Switchboard.SetEndpointOnline(Radio7, true, "serial port open");
        _presence.Reconcile();
        Assert.Equal([Radio7], Online(Patrol3));

        _h.Switchboard.Detach(Radio7, new TalkGroupId("district"));
        _presence.Reconcile();
        Assert.Empty(Online(Patrol3));

        var changes = _h.Events<UnitPresenceChanged>(_h.DrainEvents());
        Assert.Equal([true, false, true, false], changes.Select(c => c.Online));
        Assert.All(changes, c => Assert.Equal((Patrol3, Radio7), (c.Unit, c.Endpoint)));
    }

    [Fact]
    public void Reconcile_UnboundEndpoint_NoPresence()
    {
        _h.Endpoint("console-3", "district");
        _presence.Reconcile();
        Assert.Empty(Online(Patrol3));
        Assert.Empty(_h.Events<UnitPresenceChanged>(_h.DrainEvents()));
    }

    [Fact]
    public void TryBind_WhileAttached_OnlineAtOnce_UnbindTakesItAway()
    {
        _h.Endpoint("radio-7", "district");
        _h.Bindings.Changed += _presence.Reconcile;
        try
        {
            Assert.True(_h.Bindings.TryBind(Radio7, Patrol3, out _));
            Assert.Equal([Radio7], Online(Patrol3));

            Assert.False(_h.Bindings.TryBind(Radio7, Patrol4, out var owner)); // one unit per endpoint
            Assert.Equal(Patrol3, owner);
            Assert.Empty(Online(Patrol4));

            Assert.True(_h.Bindings.Unbind(Radio7));
            Assert.Empty(Online(Patrol3));
        }
        finally
        {
            _h.Bindings.Changed -= _presence.Reconcile;
        }
    }

    [Fact]
    public async Task StartAsync_AttachAndOfflineOnTheBus_PresenceFollowsWithoutCalls()
    {
        Assert.True(_h.Bindings.TryBind(Radio7, Patrol3, out _));
        await _presence.StartAsync(CancellationToken.None);
        try
        {
            _h.Endpoint("radio-7", "district");
            Eventually.True(() => Online(Patrol3).SequenceEqual([Radio7]), "radio-7 online for patrol-3 after attach");

            _h.Switchboard.SetEndpointOnline(Radio7, false, "port lost");
            Eventually.True(() => Online(Patrol3).Count == 0, "radio-7 offline for patrol-3");

            _h.Switchboard.SetEndpointOnline(Radio7, true, "port open");
            Eventually.True(() => Online(Patrol3).Count == 1, "radio-7 back online");

            _h.Switchboard.Detach(Radio7, new TalkGroupId("district"));
            Eventually.True(() => Online(Patrol3).Count == 0, "radio-7 gone after detach");
        }
        finally
        {
            await _presence.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Publish_SignalFromBoundTerminalWithoutUnit_CarriesTheUnit()
    {
        Assert.True(_h.Bindings.TryBind(Radio7, Patrol3, out _));
        _h.DrainEvents();

        _h.Bus.Publish(new SignalReceived(_h.Time.GetUtcNow(), Radio7, null, null, SignalKind.Dtmf, "#"));
        _h.Bus.Publish(new SignalReceived(_h.Time.GetUtcNow(), new EndpointId("console-3"), null, null, SignalKind.Dtmf, "#"));
        _h.Bus.Publish(new SignalReceived(_h.Time.GetUtcNow(), Radio7, null, Patrol4, SignalKind.Text, "SOS"));

        var signals = _h.Events<SignalReceived>(_h.DrainEvents());
        Assert.Equal([Patrol3, null, Patrol4], signals.Select(s => s.Unit));
    }

    public void Dispose()
    {
        _presence.Dispose();
        _h.Dispose();
    }

    private List<EndpointId> Online(UnitId unit) => [.. _units.Find(unit)!.OnlineEndpoints];
}
