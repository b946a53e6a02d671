using Gateway.Core.Events;
using Gateway.Core.Identity;

namespace Gateway.Core.Tests.UnitState;

/// <summary>Field signalling from a terminal bound to a unit: the unit's identity need not be keyed in.</summary>
public sealed class BoundTerminalSignalTests
{
    [Fact]
    public async Task OnSignal_EmergencyPrefixAloneFromBoundRadio_RaisesTheBoundUnitsEmergency()
    {
        await using var rig = await UnitStateRig.StartAsync();
        var n2 = new UnitId("n2");
        Assert.True(rig.Bindings.TryBind(rig.Peer.Id, n2, out _));

        // RFC 4733 digits as the RTP connector publishes them: no unit, no DtmfId after the prefix.
        foreach (var digit in "*9#")
        {
            rig.Signal(rig.Peer, SignalKind.Dtmf, digit.ToString());
        }

        var raised = rig.WaitFor<EmergencyRaised>();
        Assert.Equal(n2, raised.Unit);
        Assert.Equal("dtmf:rtp-peer", raised.Source);
        Assert.Null(rig.Service.GetEmergency(UnitStateRig.N1));
    }

    [Fact]
    public async Task OnSignal_DtmfIdKeyedOnBoundRadio_TheKeyedUnitWins()
    {
        await using var rig = await UnitStateRig.StartAsync();
        Assert.True(rig.Bindings.TryBind(rig.Peer.Id, new UnitId("n2"), out _));

        rig.Signal(rig.Peer, SignalKind.Dtmf, "*9031#"); // n1 borrowed n2's radio

        Assert.Equal(UnitStateRig.N1, rig.WaitFor<EmergencyRaised>().Unit);
    }
}
