using Gateway.Api.Auth;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.TalkGroups;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Core;
using CoreAlertRegroup = Gateway.Core.Alerts.AlertRegroup;
using Gateway.Core.Identity;
using Gateway.Core.TalkGroups;
using Grpc.Core;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.TalkGroups: a thin layer over <see cref="ISwitchboard"/> plus the run-time group store.</summary>
public sealed class TalkGroupsService : V1.TalkGroups.TalkGroupsBase
{
    private readonly ISwitchboard _switchboard;
    private readonly ITalkGroupStore _store;

    public TalkGroupsService(ISwitchboard switchboard, ITalkGroupStore store)
    {
        _switchboard = switchboard;
        _store = store;
    }

    public override Task<ListTalkGroupsResponse> ListTalkGroups(ListTalkGroupsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var response = new ListTalkGroupsResponse();
        foreach (var group in _switchboard.TalkGroups)
        {
            if (caller.MayUse(group.Settings.Id))
            {
                response.TalkGroups.Add(Map(group));
            }
        }

        return Task.FromResult(response);
    }

    public override Task<TalkGroup> GetTalkGroup(GetTalkGroupRequest request, ServerCallContext context)
    {
        var id = Validate.GroupId(request.TalkGroupId);
        return Task.FromResult(Map(Find(context.GetCaller(), id, "talk_group_id")));
    }

    public override async Task<TalkGroup> CreateTalkGroup(CreateTalkGroupRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = Validate.GroupId(request.Id, "id");
        if (CoreAlertRegroup.IsTemporary(id))
        {
            throw ApiErrors.InvalidArgument("id", $"'{CoreAlertRegroup.GroupPrefix}' is reserved for the temporary groups of nearest-units alerts");
        }

        var name = Validate.DisplayName(request.Name, "name") ?? id.Value;
        var defaults = TalkGroupSettings.Default(id, name);
        var settings = defaults with
        {
            HangTime = request.HasHangTimeMs ? TimeSpan.FromMilliseconds(Validate.Range(request.HangTimeMs, 0, 60_000, "hang_time_ms")) : defaults.HangTime,
            MaxTransmit = request.HasMaxTransmitSeconds ? TimeSpan.FromSeconds(Validate.Range(request.MaxTransmitSeconds, 1, 3600, "max_transmit_seconds")) : defaults.MaxTransmit,
            QueueRequests = request.HasQueueRequests ? request.QueueRequests : defaults.QueueRequests,
            QueueTimeout = request.HasQueueTimeoutSeconds ? TimeSpan.FromSeconds(Validate.Range(request.QueueTimeoutSeconds, 1, 3600, "queue_timeout_seconds")) : defaults.QueueTimeout,
            Record = request.HasRecord ? request.Record : defaults.Record,
        };
        if (!caller.MayUse(id))
        {
            throw Forbidden(caller, id);
        }

        if (_switchboard.FindTalkGroup(id) is not null)
        {
            throw ApiErrors.AlreadyExists($"talk group '{id}' already exists; use UpdateTalkGroup");
        }

        await _store.SaveAsync(settings, context.CancellationToken);
        return Map(_switchboard.UpsertTalkGroup(settings));
    }

    public override async Task<TalkGroup> UpdateTalkGroup(UpdateTalkGroupRequest request, ServerCallContext context)
    {
        var id = Validate.GroupId(request.TalkGroupId);
        var current = Find(context.GetCaller(), id, "talk_group_id").Settings;
        NotTemporary(id);
        var settings = current with
        {
            Name = request.HasName ? Validate.DisplayName(request.Name, "name") ?? throw ApiErrors.InvalidArgument("name", "must not be empty") : current.Name,
            HangTime = request.HasHangTimeMs ? TimeSpan.FromMilliseconds(Validate.Range(request.HangTimeMs, 0, 60_000, "hang_time_ms")) : current.HangTime,
            MaxTransmit = request.HasMaxTransmitSeconds ? TimeSpan.FromSeconds(Validate.Range(request.MaxTransmitSeconds, 1, 3600, "max_transmit_seconds")) : current.MaxTransmit,
            QueueRequests = request.HasQueueRequests ? request.QueueRequests : current.QueueRequests,
            QueueTimeout = request.HasQueueTimeoutSeconds ? TimeSpan.FromSeconds(Validate.Range(request.QueueTimeoutSeconds, 1, 3600, "queue_timeout_seconds")) : current.QueueTimeout,
            Record = request.HasRecord ? request.Record : current.Record,
        };
        await _store.SaveAsync(settings, context.CancellationToken);
        return Map(_switchboard.UpsertTalkGroup(settings));
    }

    public override async Task<DeleteTalkGroupResponse> DeleteTalkGroup(DeleteTalkGroupRequest request, ServerCallContext context)
    {
        var id = Validate.GroupId(request.TalkGroupId);
        Find(context.GetCaller(), id, "talk_group_id");
        NotTemporary(id);
        await _store.DeleteAsync(id, context.CancellationToken);
        if (!_switchboard.RemoveTalkGroup(id))
        {
            throw ApiErrors.NotFound($"talk group '{id}' does not exist");
        }

        return new DeleteTalkGroupResponse();
    }

    public override Task<PatchResponse> Patch(PatchRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (request.TalkGroupIds.Count < 2)
        {
            throw ApiErrors.InvalidArgument("talk_group_ids", "a patch links at least two talk groups");
        }

        if (request.TalkGroupIds.Count > 16)
        {
            throw ApiErrors.InvalidArgument("talk_group_ids", "a patch links at most 16 talk groups");
        }

        var groups = new List<TalkGroupId>();
        for (var i = 0; i < request.TalkGroupIds.Count; i++)
        {
            var id = Validate.GroupId(request.TalkGroupIds[i], $"talk_group_ids[{i}]");
            if (groups.Contains(id))
            {
                throw ApiErrors.InvalidArgument($"talk_group_ids[{i}]", $"'{id}' is listed twice");
            }

            Find(caller, id, $"talk_group_ids[{i}]");
            groups.Add(id);
        }

        var patch = _switchboard.Patch(groups);
        var response = new PatchResponse { PatchId = patch.Value };
        response.TalkGroupIds.Add(request.TalkGroupIds);
        return Task.FromResult(response);
    }

    public override Task<UnpatchResponse> Unpatch(UnpatchRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = new PatchId(Validate.Id(request.PatchId, "patch_id"));
        var patch = _switchboard.Patches.FirstOrDefault(p => p.Id == id)
            ?? throw ApiErrors.NotFound($"patch '{id}' does not exist");
        foreach (var group in patch.Groups)
        {
            if (!caller.MayUse(group))
            {
                throw Forbidden(caller, group);
            }
        }

        if (!_switchboard.Unpatch(id))
        {
            throw ApiErrors.NotFound($"patch '{id}' does not exist");
        }

        return Task.FromResult(new UnpatchResponse());
    }

    /// <summary>The group, checked against the caller's allow-list (PERMISSION_DENIED) and existence (NOT_FOUND).</summary>
    private TalkGroupInfo Find(ApiCaller caller, TalkGroupId id, string field)
    {
        if (!caller.MayUse(id))
        {
            throw Forbidden(caller, id);
        }

        return _switchboard.FindTalkGroup(id) ?? throw ApiErrors.NotFound($"{field}: talk group '{id}' does not exist");
    }

    // A temporary group lives exactly as long as its alert and is never stored: changing it through the API would
    // persist it (and so outlive the alert), deleting it would cut the alert's units off before the alert ends.
    private static void NotTemporary(TalkGroupId id)
    {
        if (CoreAlertRegroup.IsTemporary(id))
        {
            throw ApiErrors.FailedPrecondition($"talk group '{id}' is the temporary group of a nearest-units alert; it is dissolved when the alert ends (cancel the alert to end it now)");
        }
    }

    internal static RpcException Forbidden(ApiCaller caller, TalkGroupId id) =>
        ApiErrors.PermissionDenied($"API key '{caller.Name}' is not allowed to use talk group '{id}'");

    private TalkGroup Map(TalkGroupInfo group) =>
        ProtoMapper.ToProto(group, _switchboard.GetFloorStatus(group.Settings.Id), _store.Contains(group.Settings.Id));
}
