using Gateway.Core.Configuration;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Core.Tests.Units;

public sealed class UnitDirectoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly EventBus _bus = new();
    private readonly IEventSubscription _events;
    private readonly UnitDirectory _units;

    public UnitDirectoryTests()
    {
        _events = _bus.Subscribe("test");
        _units = new UnitDirectory(_bus, _time);
        _units.Upsert(new UnitOptions { Id = "patrol-3", Name = "Sports Centre patrol 3", TalkGroups = ["tianhe-sports"], MumbleUser = "Patrol3", SelCall = "12031", DtmfId = "031" }.ToSettings());
        _units.Upsert(new UnitOptions { Id = "patrol-4", TalkGroups = ["tianhe-sports"] }.ToSettings());
    }

    [Fact]
    public void FindByIdentity_EachNetwork_FindsTheUnit()
    {
        Assert.Equal("patrol-3", _units.FindByIdentity(UnitIdentityKind.MumbleUser, "patrol3")!.Settings.Id.Value);
        Assert.Equal("patrol-3", _units.FindByIdentity(UnitIdentityKind.SelCall, "12031")!.Settings.Id.Value);
        Assert.Equal("patrol-3", _units.FindByIdentity(UnitIdentityKind.DtmfId, "031")!.Settings.Id.Value);
        Assert.Null(_units.FindByIdentity(UnitIdentityKind.DtmfId, "999"));
        Assert.Equal(["patrol-3", "patrol-4"], _units.Units.Select(u => u.Settings.Id.Value));
        Assert.Equal("patrol-4", _units.Find(new UnitId("patrol-4"))!.Settings.Name);
    }

    [Fact]
    public void Upsert_IdentityOfAnotherUnit_ThrowsNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _units.Upsert(new UnitSettings(new UnitId("patrol-4"), "p4", [], "PATROL3", null, null)));

        Assert.Contains("patrol-3", error.Message, StringComparison.Ordinal);
        Assert.Contains("patrol-4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckInAndOut_PublishesDutyEventsAndKeepsDutyStart()
    {
        var unit = new UnitId("patrol-3");
        _units.CheckIn(unit, "gate 2", null, "api");
        _time.Advance(TimeSpan.FromMinutes(10));
        var again = _units.CheckIn(unit, "gate 5", "moved", "api")!;

        Assert.True(again.OnDuty);
        Assert.Equal(T0, again.DutySince);
        Assert.Equal("gate 5", again.Location);

        var off = _units.CheckOut(unit, "end of shift", "dtmf")!;
        Assert.False(off.OnDuty);
        Assert.Null(off.DutySince);
        Assert.Null(_units.CheckIn(new UnitId("ghost"), null, null, "api"));

        var duty = Drain().OfType<UnitDutyChanged>().ToList();
        Assert.Equal([true, true, false], duty.Select(d => d.OnDuty));
        Assert.Equal("dtmf", duty[2].Source);
        Assert.Equal(T0.AddMinutes(10), duty[2].Time);
    }

    [Fact]
    public void ReportPresence_TracksEndpointsAndPublishesOnChangeOnly()
    {
        var unit = new UnitId("patrol-3");
        _units.ReportPresence(unit, new EndpointId("mumble:poc"), online: true);
        _units.ReportPresence(unit, new EndpointId("mumble:poc"), online: true);
        _units.ReportPresence(unit, new EndpointId("radio-1"), online: true);
        _time.Advance(TimeSpan.FromSeconds(30));
        _units.ReportPresence(unit, new EndpointId("mumble:poc"), online: false);

        var info = _units.Find(unit)!;
        Assert.Equal([new EndpointId("radio-1")], info.OnlineEndpoints);
        Assert.Equal(T0.AddSeconds(30), info.LastSeen);
        Assert.Equal([true, true, false], Drain().OfType<UnitPresenceChanged>().Select(p => p.Online));
    }

    [Fact]
    public void Options_Invalid_ValidateNamesEveryKey()
    {
        var problems = new UnitOptions { Id = " ", TalkGroups = [""], DtmfId = "12x", SelCall = "1a" }.Validate("Gateway:Units:3");
        Assert.Equal(4, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("Gateway:Units:3:", p, StringComparison.Ordinal));

        var group = new TalkGroupOptions { Id = "", HangTimeMs = -1, MaxTransmitSeconds = 99999, QueueTimeoutSeconds = -5 }.Validate("Gateway:TalkGroups:1");
        Assert.Equal(4, group.Count);
        Assert.Contains(group, p => p.StartsWith("Gateway:TalkGroups:1:HangTimeMs", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new TalkGroupOptions().ToSettings());
    }

    [Fact]
    public void TalkGroupOptions_ToSettings_MapsEveryField()
    {
        var settings = new TalkGroupOptions { Id = "tianhe-sports", Name = "Tianhe Sports Centre", HangTimeMs = 2500, MaxTransmitSeconds = 45, QueueRequests = false, QueueTimeoutSeconds = 12, Record = true }.ToSettings();

        Assert.Equal(
            new TalkGroups.TalkGroupSettings(new TalkGroupId("tianhe-sports"), "Tianhe Sports Centre", TimeSpan.FromMilliseconds(2500), TimeSpan.FromSeconds(45), false, TimeSpan.FromSeconds(12), true),
            settings);
        Assert.Equal("g", new TalkGroupOptions { Id = "g" }.ToSettings().Name);
    }

    private List<GatewayEvent> Drain()
    {
        var list = new List<GatewayEvent>();
        while (_events.Reader.TryRead(out var e))
        {
            list.Add(e);
        }

        return list;
    }
}
