using Gateway.Api.Auth;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.Events: one event-bus subscription per stream, filtered by groups and kinds on the publisher side.</summary>
public sealed class EventsService : V1.Events.EventsBase
{
    private readonly IEventBus _bus;
    private readonly ISwitchboard _switchboard;

    public EventsService(IEventBus bus, ISwitchboard switchboard)
    {
        _bus = bus;
        _switchboard = switchboard;
    }

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<Event> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var groups = new HashSet<TalkGroupId>();
        for (var i = 0; i < request.TalkGroupIds.Count; i++)
        {
            var id = Validate.GroupId(request.TalkGroupIds[i], $"talk_group_ids[{i}]");
            if (!caller.MayUse(id))
            {
                throw TalkGroupsService.Forbidden(caller, id);
            }

            if (_switchboard.FindTalkGroup(id) is null)
            {
                throw ApiErrors.NotFound($"talk_group_ids[{i}]: talk group '{id}' does not exist");
            }

            groups.Add(id);
        }

        var kinds = new HashSet<EventKind>();
        for (var i = 0; i < request.Kinds.Count; i++)
        {
            var kind = Validate.Enum(request.Kinds[i], $"kinds[{i}]");
            if (kind == EventKind.Unspecified)
            {
                throw ApiErrors.InvalidArgument($"kinds[{i}]", "UNSPECIFIED is not an event kind");
            }

            kinds.Add(kind);
        }

        var filter = new EventFilter(groups, kinds, caller);
        using var subscription = _bus.Subscribe("grpc-events:" + caller.Name, 1024, filter.Matches);
        await foreach (var e in subscription.Reader.ReadAllAsync(context.CancellationToken))
        {
            if (ProtoMapper.ToProto(e) is { } message)
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }
    }
}

/// <summary>Subscription filter; runs on the publisher's thread, so it only does set lookups.</summary>
internal sealed class EventFilter
{
    private readonly HashSet<TalkGroupId> _groups;
    private readonly HashSet<EventKind> _kinds;
    private readonly ApiCaller _caller;

    public EventFilter(HashSet<TalkGroupId> groups, HashSet<EventKind> kinds, ApiCaller caller)
    {
        _groups = groups;
        _kinds = kinds;
        _caller = caller;
    }

    public bool Matches(GatewayEvent e)
    {
        if (_kinds.Count > 0 && !_kinds.Contains(ProtoMapper.KindOf(e)))
        {
            return false;
        }

        if (e.TalkGroup is not { } group)
        {
            // Group-less events (endpoints, units, connectors) pass a group filter, per the contract.
            return true;
        }

        return _caller.MayUse(group) && (_groups.Count == 0 || _groups.Contains(group));
    }
}
