using System.Globalization;
using Gateway.Api.Auth;
using Gateway.Api.Calls;
using Gateway.Api.Errors;
using Gateway.Api.Mapping;
using Gateway.Api.Monitor;
using Gateway.Api.Talk;
using Gateway.Api.V1;
using Gateway.Api.Validation;
using Gateway.Audio.Codecs;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Services;

/// <summary>gateway.v1.Calls: Talk and Monitor streams over the switchboard, call history from the call log.</summary>
public sealed class CallsService : V1.Calls.CallsBase
{
    private const int MaxMonitorGroups = 16;

    private readonly ISwitchboard _switchboard;
    private readonly ICodecFactory _codecs;
    private readonly IEventBus _bus;
    private readonly CallLog _calls;
    private readonly TimeProvider _time;
    private readonly GrpcOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ICallRepository? _callRepository;
    private readonly IRecordingStore? _recordings;
    private readonly MonitorToneSource? _tones;

    /// <summary>
    /// With storage registered, calls come from its repository and recordings from its store; without it, from the
    /// in-memory <see cref="CallLog"/> and GetRecording answers NOT_FOUND.
    /// </summary>
    public CallsService(ISwitchboard switchboard, ICodecFactory codecs, IEventBus bus, CallLog calls, TimeProvider time,
        IOptions<GrpcOptions> options, ILoggerFactory loggers, ICallRepository? callRepository = null, IRecordingStore? recordings = null,
        MonitorToneSource? tones = null)
    {
        _tones = tones;
        _callRepository = callRepository;
        _recordings = recordings;
        _switchboard = switchboard;
        _codecs = codecs;
        _bus = bus;
        _calls = calls;
        _time = time;
        _options = options.Value;
        _loggers = loggers;
    }

    public override async Task Talk(IAsyncStreamReader<TalkRequest> requestStream, IServerStreamWriter<TalkResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct))
        {
            return;
        }

        var first = requestStream.Current;
        if (first.MessageCase != TalkRequest.MessageOneofCase.Start)
        {
            throw ApiErrors.InvalidArgument("start", "the first message of a Talk stream must be start");
        }

        var start = first.Start;
        var group = Validate.GroupId(start.TalkGroupId, "start.talk_group_id");
        var priority = Validate.Priority(start.Priority, "start.priority");
        var displayName = Validate.DisplayName(start.DisplayName, "start.display_name") ?? caller.Name;
        var format = Validate.Format(start.Format, "start.format");
        var unit = Validate.OptionalId(start.UnitId, "start.unit_id");
        CheckGroup(caller, group, "start.talk_group_id");

        var talker = new Core.Identity.Talker(GrpcVoiceEndpoint.NewId("talk"), unit is null ? null : new UnitId(unit), displayName);
        await using var session = new TalkSession(_switchboard, _codecs, _time, _loggers.CreateLogger<TalkSession>(), group, talker, priority,
            format, _options.MaxTalkMessagesPerSecond);
        await session.RunAsync(requestStream, responseStream, ct);
    }

    public override async Task Monitor(MonitorRequest request, IServerStreamWriter<MonitorResponse> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        if (request.TalkGroupIds.Count == 0)
        {
            throw ApiErrors.InvalidArgument("talk_group_ids", "name at least one talk group to monitor");
        }

        if (request.TalkGroupIds.Count > MaxMonitorGroups)
        {
            throw ApiErrors.InvalidArgument("talk_group_ids", $"at most {MaxMonitorGroups} talk groups per Monitor stream");
        }

        var groups = new List<TalkGroupId>();
        for (var i = 0; i < request.TalkGroupIds.Count; i++)
        {
            var field = $"talk_group_ids[{i}]";
            var id = Validate.GroupId(request.TalkGroupIds[i], field);
            CheckGroup(caller, id, field);
            if (!groups.Contains(id))
            {
                groups.Add(id);
            }
        }

        var format = Validate.Format(request.Format);
        var session = new MonitorSession(_switchboard, _bus, _loggers.CreateLogger<MonitorSession>(), groups, format, _tones);
        try
        {
            await session.RunAsync(responseStream, context.CancellationToken);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client went away: that is how a Monitor stream normally ends.
        }
    }

    public override async Task<ListCallsResponse> ListCalls(ListCallsRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        TalkGroupId? group = null;
        if (!string.IsNullOrEmpty(request.TalkGroupId))
        {
            var id = Validate.GroupId(request.TalkGroupId);
            if (!caller.MayUse(id))
            {
                throw TalkGroupsService.Forbidden(caller, id);
            }

            group = id;
        }
        else if (!caller.AllGroups)
        {
            throw ApiErrors.InvalidArgument("talk_group_id", $"API key '{caller.Name}' is limited to some talk groups; name one");
        }

        var pageSize = request.PageSize == 0 ? 50 : Validate.Range(request.PageSize, 1, 500, "page_size");
        DateTimeOffset? from = request.From is null ? null : request.From.ToDateTimeOffset();
        DateTimeOffset? to = request.To is null ? null : request.To.ToDateTimeOffset();
        if (from is { } f && to is { } t && t < f)
        {
            throw ApiErrors.InvalidArgument("to", "is before from");
        }

        return _callRepository is null
            ? FromLog(group, from, to, pageSize, request.PageToken)
            : await FromRepositoryAsync(_callRepository, new CallQuery(group, from, to, pageSize, string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken), context.CancellationToken);
    }

    public override async Task GetRecording(GetRecordingRequest request, IServerStreamWriter<RecordingChunk> responseStream, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var id = new CallId(Validate.Reference(request.CallId, "call_id"));
        if (_recordings is null || _callRepository is null)
        {
            throw ApiErrors.NotFound($"no recording for call '{id}': recording storage is not configured in this gateway");
        }

        var call = await _callRepository.GetCallAsync(id, context.CancellationToken)
            ?? throw ApiErrors.NotFound($"call_id: call '{id}' does not exist");
        if (!caller.MayUse(call.TalkGroup))
        {
            throw TalkGroupsService.Forbidden(caller, call.TalkGroup);
        }

        await using var recording = await _recordings.OpenRecordingAsync(id, context.CancellationToken)
            ?? throw ApiErrors.NotFound($"no recording for call '{id}': its group does not record, or the file was removed by retention");
        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await recording.Content.ReadAsync(buffer, context.CancellationToken)) > 0)
        {
            await responseStream.WriteAsync(new RecordingChunk { Data = Google.Protobuf.ByteString.CopyFrom(buffer, 0, read) }, context.CancellationToken);
        }
    }

    private ListCallsResponse FromLog(TalkGroupId? group, DateTimeOffset? from, DateTimeOffset? to, int pageSize, string pageToken)
    {
        var skip = 0;
        if (!string.IsNullOrEmpty(pageToken)
            && (!int.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 0))
        {
            throw ApiErrors.InvalidArgument("page_token", "not a token returned by ListCalls");
        }

        var calls = _calls.Query(group, from, to, skip, pageSize, out var more);
        var response = new ListCallsResponse { NextPageToken = more ? (skip + calls.Count).ToString(CultureInfo.InvariantCulture) : string.Empty };
        foreach (var call in calls)
        {
            response.Calls.Add(ToProto(call.Id, call.TalkGroup, call.StartedAt, call.EndedAt, call.Transmissions, call.FirstTalker, call.Priority, hasRecording: false));
        }

        return response;
    }

    private async Task<ListCallsResponse> FromRepositoryAsync(ICallRepository repository, CallQuery query, CancellationToken ct)
    {
        CallPage page;
        try
        {
            page = await repository.ListCallsAsync(query, ct);
        }
        catch (ArgumentException)
        {
            // The page size is validated above; what the repository can still reject is the token.
            throw ApiErrors.InvalidArgument("page_token", "not a token returned by ListCalls");
        }

        var response = new ListCallsResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var call in page.Calls)
        {
            response.Calls.Add(ToProto(call.Id, call.TalkGroup, call.StartedAt, call.EndedAt, call.TransmissionCount, call.FirstTalker, call.Priority, call.Recording is not null));
        }

        return response;
    }

    private Call ToProto(CallId id, TalkGroupId group, DateTimeOffset startedAt, DateTimeOffset? endedAt, int transmissions,
        Core.Identity.Talker? firstTalker, Core.Floor.Priority priority, bool hasRecording)
    {
        var message = new Call
        {
            Id = id.Value,
            TalkGroupId = group.Value,
            StartedAt = ProtoMapper.ToProto(startedAt),
            DurationMs = (long)((endedAt ?? _time.GetUtcNow()) - startedAt).TotalMilliseconds,
            Transmissions = transmissions,
            Priority = ProtoMapper.ToProto(priority),
            HasRecording = hasRecording,
        };
        if (endedAt is { } ended)
        {
            message.EndedAt = ProtoMapper.ToProto(ended);
        }

        if (firstTalker is not null)
        {
            message.FirstTalker = ProtoMapper.ToProto(firstTalker);
        }

        return message;
    }

    private void CheckGroup(ApiCaller caller, TalkGroupId id, string field)
    {
        if (!caller.MayUse(id))
        {
            throw TalkGroupsService.Forbidden(caller, id);
        }

        if (_switchboard.FindTalkGroup(id) is null)
        {
            throw ApiErrors.NotFound($"{field}: talk group '{id}' does not exist");
        }
    }
}
