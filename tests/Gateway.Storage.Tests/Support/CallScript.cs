using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Storage.Tests.Support;

/// <summary>Builds the floor/call events the core publishes for a scripted call.</summary>
public sealed class CallScript
{
    private readonly List<GatewayEvent> _events = [];
    private long _number;

    public CallScript(TalkGroupId group, DateTimeOffset start, CallId? call = null)
    {
        Group = group;
        Start = start;
        Call = call ?? CallId.New();
    }

    public TalkGroupId Group { get; }

    public DateTimeOffset Start { get; }

    public CallId Call { get; }

    public IReadOnlyList<GatewayEvent> Events => _events;

    public static Talker Talker(string endpoint, string? unit = null) => new(new EndpointId(endpoint), unit is null ? null : new UnitId(unit), unit ?? endpoint);

    public FloorGrant Grant(Talker talker, Priority priority, DateTimeOffset at)
    {
        var grant = new FloorGrant(Group, Call, ++_number, talker, priority, at);
        if (_number == 1)
        {
            _events.Add(new CallStarted(at, Group, Call, talker, priority));
        }

        _events.Add(new FloorGranted(at, Group, grant));
        return grant;
    }

    public void Release(FloorGrant grant, DateTimeOffset at) => _events.Add(new FloorReleased(at, Group, grant));

    public void Revoke(FloorGrant grant, DateTimeOffset at, TransmissionEndReason reason) => _events.Add(new FloorRevoked(at, Group, grant, reason));

    public void End(DateTimeOffset at) => _events.Add(new CallEnded(at, Group, Call, Start, (int)_number));

    /// <summary>Three transmissions: patrol-3 released; patrol-5 pre-empted by the dispatcher; the dispatcher released.</summary>
    public static CallScript ThreeTransmissionsOnePreEmpted(TalkGroupId group, DateTimeOffset start)
    {
        var script = new CallScript(group, start);
        var first = script.Grant(Talker("radio-1", "patrol-3"), Priority.Normal, start);
        script.Release(first, start.AddSeconds(2));
        var second = script.Grant(Talker("mumble-poc", "patrol-5"), Priority.Normal, start.AddSeconds(3));
        script.Revoke(second, start.AddSeconds(4), TransmissionEndReason.PreEmpted);
        var third = script.Grant(Talker("console-a"), Priority.Dispatcher, start.AddSeconds(4));
        script.Release(third, start.AddSeconds(6));
        script.End(start.AddSeconds(9));
        return script;
    }
}
