using System.Globalization;
using System.Net;
using Gateway.Api.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Cli;

/// <summary>The verbs (contract): each maps to one or two gRPC calls and prints a table or, with --json, JSON.</summary>
internal sealed partial class Commands
{
    public const string Usage = """
        usage: gatewayctl [--server URL] [--api-key KEY | --api-key-file FILE] [--json] <verb> [options]
          groups [ID]                                   talk groups with live floor state
          units [--near LAT,LON --radius M] [--duty on|off]     units with duty state and last position (nearest first with --near)
          position UNIT LAT LON [--accuracy M]          report a unit's position (decimal degrees)
          endpoints [--group G]                         endpoints and their state
          endpoints show ID                             one endpoint: settings, origin, RTP/RTCP statistics
          endpoints add-rtp --id ID --group G --listen ADDR:PORT [--remote ADDR:PORT|latched | --multicast GROUP]
                    [--codec opus|pcmu|pcma] [--priority P] [--allow CIDR,...] [--unit U] [--rtcp-mux]   create a run-time RTP endpoint
                    (admin; --unit: the unit it carries; --rtcp-mux: RTCP on the RTP port, RFC 5761, any port)
          endpoints rm ID                               delete a run-time endpoint (admin)
          talk --group G --wav FILE [--priority P] [--name N]   talk a WAV file into a group (P: normal|dispatcher|alert|emergency)
          monitor --group G --out FILE.wav [--seconds N]         record a group's audio to a WAV file
          page --group G [--tone SPEC] [--text T] [--wav FILE] [--ack-deadline S]
          page --near LAT,LON --radius M --count N ...  page the N nearest on-duty units through a temporary group
          alerts [ID] [--once]                          alerts, or one alert's response board (live until it ends; --once: print and exit)
          ack --alert A --unit U                        acknowledge an alert for a unit
          checkin --unit U [--location L] [--note N]    register a unit on duty
          checkout --unit U [--note N]
          emergency raise --unit U [--group G] [--note N] [--lat X --lon Y]   put a unit into emergency
          emergency clear --unit U [--note N]           end a unit's emergency (dispatcher)
          status UNIT NAME [--note N]                   record a unit status (available|on_post|responding|on_scene|need_backup|off_duty)
          calls [--group G] [--limit N]                 recent calls
          recording --call C --out FILE.ogg             download a call recording (Ogg Opus)
          events [--group G] [--kind K]                 follow live events (K: floor|call|unit|endpoint|...)
        The key comes from --api-key, --api-key-file, $GATEWAY_API_KEY or, for a loopback server, data/admin.key.
        Exit codes: 0 ok, 1 server error, 2 usage error.
        """;

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    private readonly CliArguments _args;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly bool _terminal;

    /// <param name="terminal">True when the output is a terminal: live views redraw in place instead of appending.</param>
    public Commands(CliArguments args, TextWriter output, TextWriter error, bool terminal = false)
    {
        _args = args;
        _out = output;
        _err = error;
        _terminal = terminal;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!Uri.TryCreate(_args.Server, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server must be an http:// or https:// URL, not '{_args.Server}'");
        }

        var verb = _args.Verb;
        Func<CallInvoker, Metadata, CancellationToken, Task<int>> run = verb switch
        {
            "groups" => GroupsAsync,
            "units" => UnitsAsync,
            "position" => PositionAsync,
            "endpoints" => EndpointsAsync,
            "talk" => TalkAsync,
            "monitor" => MonitorAsync,
            "page" => PageAsync,
            "alerts" => AlertsAsync,
            "ack" => AckAsync,
            "checkin" => CheckInAsync,
            "checkout" => CheckOutAsync,
            "emergency" => EmergencyAsync,
            "status" => StatusAsync,
            "calls" => CallsAsync,
            "recording" => RecordingAsync,
            "events" => EventsAsync,
            _ => throw new UsageException($"unknown verb '{verb}'"),
        };

        var headers = new Metadata();
        if (ResolveKey(server) is { } key)
        {
            headers.Add("authorization", "Bearer " + key);
        }

        using var channel = GrpcChannel.ForAddress(server);
        return await run(channel.CreateCallInvoker(), headers, ct);
    }

    private string? ResolveKey(Uri server)
    {
        if (!string.IsNullOrEmpty(_args.ApiKey))
        {
            return _args.ApiKey;
        }

        if (_args.ApiKeyFile is { } file)
        {
            return File.ReadAllText(file).Trim();
        }

        // The gateway writes its generated admin key to data/admin.key on first start; on the same machine use it.
        var loopback = server.IsLoopback || (IPAddress.TryParse(server.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        var local = Path.Combine("data", "admin.key");
        return loopback && File.Exists(local) ? File.ReadAllText(local).Trim() : null;
    }

    private async Task<int> GroupsAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        _args.EnsureAllUsed(maxPositional: 1);
        var client = new TalkGroups.TalkGroupsClient(invoker);
        var groups = new List<TalkGroup>();
        if (_args.Positional.Count == 1)
        {
            groups.Add(await client.GetTalkGroupAsync(new GetTalkGroupRequest { TalkGroupId = _args.Positional[0] }, headers, cancellationToken: ct));
        }
        else
        {
            groups.AddRange((await client.ListTalkGroupsAsync(new ListTalkGroupsRequest(), headers, cancellationToken: ct)).TalkGroups);
        }

        if (_args.Json)
        {
            return PrintJson(groups);
        }

        Table.Print(_out, ["ID", "NAME", "FLOOR", "HOLDER", "PRIORITY", "ENDPOINTS", "PATCHED", "HANG", "ORIGIN", "EMERGENCY"], groups.Select(g => new[]
        {
            g.Id, g.Name, Lower(g.Floor?.Phase.ToString()), g.Floor?.Holder?.DisplayName ?? string.Empty,
            g.Floor?.Holder is null ? string.Empty : Lower(g.Floor.Priority.ToString()), g.EndpointIds.Count.ToString(CultureInfo.InvariantCulture),
            string.Join(',', g.PatchedWith), $"{g.HangTimeMs} ms", Lower(g.Origin.ToString()), string.Join(',', g.EmergencyUnitIds),
        }));
        return 0;
    }

    private async Task<int> UnitsAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = UnitsRequest();
        _args.EnsureAllUsed();
        var units = (await new Units.UnitsClient(invoker).ListUnitsAsync(request, headers, cancellationToken: ct)).Units;
        if (_args.Json)
        {
            return PrintJson(units);
        }

        PrintUnits(units, request.Near is not null);
        return 0;
    }

    private async Task<int> EndpointsAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        // Sub-commands (show, add-rtp, rm; ls = this list) live in Commands.Endpoints.cs.
        if (_args.Positional.Count > 0)
        {
            return await EndpointSubcommandAsync(invoker, headers, ct);
        }

        var request = new ListEndpointsRequest { TalkGroupId = _args.Optional("group") ?? string.Empty };
        _args.EnsureAllUsed();
        var endpoints = (await new Units.UnitsClient(invoker).ListEndpointsAsync(request, headers, cancellationToken: ct)).Endpoints;
        if (_args.Json)
        {
            return PrintJson(endpoints);
        }

        Table.Print(_out, ["ID", "KIND", "STATE", "GROUPS", "REASON"], endpoints.Select(e => new[]
        {
            e.Id, Lower(e.Kind.ToString()), Lower(e.State.ToString()), string.Join(',', e.TalkGroupIds), e.StateReason,
        }));
        return 0;
    }

    private async Task<int> TalkAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var group = _args.Required("group");
        var wav = _args.Required("wav");
        var priority = ParsePriority(_args.Optional("priority") ?? "dispatcher");
        var name = _args.Optional("name") ?? "gatewayctl";
        _args.EnsureAllUsed();
        var samples = WavFile.ReadAs48kMono(wav);
        var bytes = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("gatewayctl sends little-endian PCM and runs on little-endian machines only");
        }

        using var call = new Calls.CallsClient(invoker).Talk(headers, cancellationToken: ct);
        await call.RequestStream.WriteAsync(new TalkRequest
        {
            Start = new TalkStart { TalkGroupId = group, Priority = priority, DisplayName = name, Format = AudioFormat.Pcm1648K },
        }, ct);

        // Wait for the floor: granted, or queued then granted; denied ends here.
        string callId;
        while (true)
        {
            if (!await call.ResponseStream.MoveNext(ct))
            {
                await _err.WriteLineAsync("talk: the server closed the stream before granting the floor");
                return 1;
            }

            var response = call.ResponseStream.Current;
            if (response.Granted is { } granted)
            {
                callId = granted.CallId;
                Progress($"talk: floor granted in {group} (call {callId})");
                break;
            }

            if (response.Queued is { } queued)
            {
                Progress($"talk: queued in {group} at position {queued.Position}");
                continue;
            }

            if (response.Denied is { } denied)
            {
                var holder = denied.Holder is null ? string.Empty : $" (held by {denied.Holder.DisplayName}, {Lower(denied.HolderPriority.ToString())})";
                await _err.WriteLineAsync($"talk: floor denied in {group}: {denied.Reason}{holder}");
                return 1;
            }
        }

        // The server paces to real time and back-pressures the upload, so progress follows what is heard.
        var total = bytes.Length / 2.0 / WavFile.Rate;
        var lostFloor = ReadUntilEndedAsync(call.ResponseStream, ct);
        const int chunk = WavFile.Rate / 10 * 2; // 100 ms
        for (var offset = 0; offset < bytes.Length && !lostFloor.IsCompleted; offset += chunk)
        {
            var length = Math.Min(chunk, bytes.Length - offset);
            await call.RequestStream.WriteAsync(new TalkRequest { Audio = new TalkAudio { Data = ByteString.CopyFrom(bytes, offset, length) } }, ct);
            Progress($"talk: {group} {(offset + length) / 2.0 / WavFile.Rate:F1} s / {total:F1} s", sameLine: true);
        }

        if (!lostFloor.IsCompleted)
        {
            await call.RequestStream.WriteAsync(new TalkRequest { Stop = new TalkStop() }, ct);
        }

        await call.RequestStream.CompleteAsync();
        var (ended, revoked) = await lostFloor;
        EndProgressLine();
        if (_args.Json)
        {
            return PrintJson<TalkEnded>(ended is null ? [] : [ended]);
        }

        if (revoked is not null)
        {
            await _err.WriteLineAsync($"talk: floor revoked ({Lower(revoked.Reason.ToString())})");
        }

        if (ended is not null)
        {
            await _out.WriteLineAsync($"talk: call {ended.CallId} ended after {ended.DurationMs / 1000.0:F2} s ({Lower(ended.Reason.ToString())})");
        }

        return revoked is null ? 0 : 1;
    }

    private static async Task<(TalkEnded? Ended, TalkRevoked? Revoked)> ReadUntilEndedAsync(IAsyncStreamReader<TalkResponse> responses, CancellationToken ct)
    {
        TalkRevoked? revoked = null;
        while (await responses.MoveNext(ct))
        {
            var message = responses.Current;
            if (message.Revoked is { } r)
            {
                revoked = r;
            }
            else if (message.Ended is { } e)
            {
                return (e, revoked);
            }
        }

        return (null, revoked);
    }

    private async Task<int> MonitorAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var group = _args.Required("group");
        var outPath = _args.Required("out");
        var seconds = _args.OptionalInt("seconds", 1, 24 * 3600);
        _args.EnsureAllUsed();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (seconds is { } s)
        {
            limit.CancelAfter(TimeSpan.FromSeconds(s));
        }

        using var call = new Calls.CallsClient(invoker).Monitor(
            new MonitorRequest { TalkGroupIds = { group }, Format = AudioFormat.Pcm1648K }, headers, cancellationToken: limit.Token);
        using var writer = new WavFile.Writer(outPath);
        var talker = string.Empty;
        Progress($"monitor: {group} → {outPath}{(seconds is null ? " (Ctrl+C to stop)" : $" for {seconds} s")}");
        try
        {
            while (await call.ResponseStream.MoveNext(limit.Token))
            {
                var message = call.ResponseStream.Current;
                if (message.Audio is { } audio)
                {
                    writer.Append(audio.Data.Span);
                    talker = audio.Talker?.DisplayName ?? talker;
                    Progress($"monitor: {group} {writer.Seconds:F1} s recorded, talker {talker}", sameLine: true);
                }
                else if (message.Event is { } e && _args.Json)
                {
                    await _out.WriteLineAsync(Json.Format(e));
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && limit.IsCancellationRequested)
        {
            // --seconds elapsed or Ctrl+C: a normal end.
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
        }

        EndProgressLine();
        await _out.WriteLineAsync($"monitor: wrote {writer.Seconds:F2} s of audio to {outPath}");
        return 0;
    }

    private async Task<int> PageAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new BroadcastRequest { Targets = new AlertTargets(), Priority = Priority.Alert };
        request.Targets.Nearest = NearestTarget();
        if (request.Targets.Nearest is null || _args.Optional("group") is not null)
        {
            request.Targets.TalkGroupIds.Add(_args.Required("group"));
        }

        if (_args.Optional("tone") is { } tone)
        {
            request.Signalling = new Signalling { Tone = new AlertTone { Preset = tone } };
        }

        request.Text = _args.Optional("text") ?? string.Empty;
        if (_args.Optional("wav") is { } wav)
        {
            request.Voice = new AlertVoice { Clip = new AudioClip { Data = ByteString.CopyFrom(File.ReadAllBytes(wav)), Format = ClipFormat.Wav } };
        }

        if (_args.OptionalInt("ack-deadline", 1, 24 * 3600) is { } deadline)
        {
            request.AckPolicy = new AckPolicy { Required = true, DeadlineSeconds = deadline };
        }

        _args.EnsureAllUsed();
        var alert = await new Alerts.AlertsClient(invoker).BroadcastAsync(request, headers, cancellationToken: ct);
        return _args.Json ? PrintJson([alert]) : PrintAlert(alert);
    }

    private async Task<int> AlertsAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var once = _args.Flag("once");
        _args.EnsureAllUsed(maxPositional: 1);
        var client = new Alerts.AlertsClient(invoker);
        if (_args.Positional.Count == 1)
        {
            if (!once && !_args.Json)
            {
                return await new AlertBoard(invoker, headers, _out, _terminal).FollowAsync(_args.Positional[0], ct);
            }

            var alert = await client.GetAlertAsync(new GetAlertRequest { AlertId = _args.Positional[0] }, headers, cancellationToken: ct);
            return _args.Json ? PrintJson([alert]) : PrintAlert(alert);
        }

        var alerts = (await client.ListAlertsAsync(new ListAlertsRequest(), headers, cancellationToken: ct)).Alerts;
        if (_args.Json)
        {
            return PrintJson(alerts);
        }

        Table.Print(_out, ["ID", "STATE", "CREATED", "TARGETED", "ACKED", "≤1 MIN", "≤3 MIN", "≤5 MIN", "ON SCENE", "SCENE ≤3", "SCENE ≤5"], alerts.Select(a => new[]
        {
            a.Id, Lower(a.State.ToString()), Time(a.CreatedAt), N(a.Counts?.Targeted), N(a.Counts?.Acknowledged),
            N(a.Counts?.Within1Minute), N(a.Counts?.Within3Minutes), N(a.Counts?.Within5Minutes),
            N(a.Counts?.OnScene), N(a.Counts?.OnSceneWithin3Minutes), N(a.Counts?.OnSceneWithin5Minutes),
        }));
        return 0;
    }

    private int PrintAlert(Alert alert)
    {
        AlertBoard.Print(_out, alert);
        return 0;
    }

    private async Task<int> AckAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new AcknowledgeRequest { AlertId = _args.Required("alert"), UnitId = _args.Required("unit"), Note = _args.Optional("note") ?? string.Empty };
        _args.EnsureAllUsed();
        var response = await new Alerts.AlertsClient(invoker).AcknowledgeAsync(request, headers, cancellationToken: ct);
        if (_args.Json)
        {
            return PrintJson([response]);
        }

        await _out.WriteLineAsync(response.First
            ? $"ack: {request.UnitId} acknowledged alert {request.AlertId} after {response.Status.ResponseMs / 1000.0:F0} s"
            : $"ack: recorded, but {request.UnitId} had already acknowledged alert {request.AlertId}");
        return 0;
    }

    private async Task<int> CheckInAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new CheckInRequest { UnitId = _args.Required("unit"), Location = _args.Optional("location") ?? string.Empty, Note = _args.Optional("note") ?? string.Empty };
        _args.EnsureAllUsed();
        var unit = await new Units.UnitsClient(invoker).CheckInAsync(request, headers, cancellationToken: ct);
        return _args.Json ? PrintJson([unit]) : Line($"checkin: {unit.Id} ({unit.Name}) on duty since {Time(unit.DutySince)}");
    }

    private async Task<int> CheckOutAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new CheckOutRequest { UnitId = _args.Required("unit"), Note = _args.Optional("note") ?? string.Empty };
        _args.EnsureAllUsed();
        var unit = await new Units.UnitsClient(invoker).CheckOutAsync(request, headers, cancellationToken: ct);
        return _args.Json ? PrintJson([unit]) : Line($"checkout: {unit.Id} ({unit.Name}) off duty");
    }

    private async Task<int> CallsAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new ListCallsRequest { TalkGroupId = _args.Optional("group") ?? string.Empty, PageSize = _args.OptionalInt("limit", 1, 500) ?? 50 };
        _args.EnsureAllUsed();
        var calls = (await new Calls.CallsClient(invoker).ListCallsAsync(request, headers, cancellationToken: ct)).Calls;
        if (_args.Json)
        {
            return PrintJson(calls);
        }

        Table.Print(_out, ["CALL", "GROUP", "STARTED", "DURATION", "TX", "FIRST TALKER", "PRIORITY"], calls.Select(c => new[]
        {
            c.Id, c.TalkGroupId, Time(c.StartedAt), c.EndedAt is null ? "ongoing" : $"{c.DurationMs / 1000.0:F1} s",
            c.Transmissions.ToString(CultureInfo.InvariantCulture), c.FirstTalker?.DisplayName ?? string.Empty, Lower(c.Priority.ToString()),
        }));
        return 0;
    }

    private async Task<int> RecordingAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new GetRecordingRequest { CallId = _args.Required("call") };
        var outPath = _args.Required("out");
        _args.EnsureAllUsed();
        using var call = new Calls.CallsClient(invoker).GetRecording(request, headers, cancellationToken: ct);
        // Ask first, create the file after the first chunk, so a NOT_FOUND leaves no empty file behind.
        FileStream? file = null;
        long bytes = 0;
        try
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
                file ??= File.Create(outPath);
                var data = call.ResponseStream.Current.Data;
                await file.WriteAsync(data.Memory, ct);
                bytes += data.Length;
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }

        return Line($"recording: wrote {bytes} bytes (Ogg Opus) to {outPath}");
    }

    private async Task<int> EventsAsync(CallInvoker invoker, Metadata headers, CancellationToken ct)
    {
        var request = new SubscribeRequest();
        if (_args.Optional("group") is { } group)
        {
            request.TalkGroupIds.Add(group.Split(','));
        }

        if (_args.Optional("kind") is { } kinds)
        {
            foreach (var kind in kinds.Split(','))
            {
                request.Kinds.Add(Enum.TryParse<EventKind>(kind.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var k) && k != EventKind.Unspecified
                    ? k
                    : throw new UsageException($"events: unknown --kind '{kind}'"));
            }
        }

        _args.EnsureAllUsed();
        using var call = new Events.EventsClient(invoker).Subscribe(request, headers, cancellationToken: ct);
        try
        {
            while (await call.ResponseStream.MoveNext(ct))
            {
                var e = call.ResponseStream.Current;
                await _out.WriteLineAsync(_args.Json ? Json.Format(e) : $"{Time(e.Time)}  {Lower(e.Kind.ToString()),-10} {e.TalkGroupId,-16} {Describe(e)}");
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
        }

        return 0;
    }

    private static string Describe(Event e) => e.DetailCase switch
    {
        Event.DetailOneofCase.Floor => $"{Lower(e.Floor.Type.ToString())} {e.Floor.Talker?.DisplayName} {Lower(e.Floor.Priority.ToString())} {(e.Floor.EndReason == TransmissionEndReason.Unspecified ? string.Empty : Lower(e.Floor.EndReason.ToString()))}".TrimEnd(),
        Event.DetailOneofCase.Call => $"{Lower(e.Call.Type.ToString())} call {e.Call.CallId}{(e.Call.DurationMs > 0 ? $" {e.Call.DurationMs / 1000.0:F1} s" : string.Empty)}",
        Event.DetailOneofCase.Unit => e.Unit.Type == UnitEventType.Duty ? $"{e.Unit.UnitId} {(e.Unit.OnDuty ? "on" : "off")} duty {e.Unit.Location}".TrimEnd() : $"{e.Unit.UnitId} {(e.Unit.Online ? "online" : "offline")} on {e.Unit.EndpointId}",
        Event.DetailOneofCase.Endpoint => $"{e.Endpoint.EndpointId} {Lower(e.Endpoint.State.ToString())} {e.Endpoint.Reason}",
        Event.DetailOneofCase.Connector => $"{e.Connector.Component} {Lower(e.Connector.State.ToString())} {e.Connector.Reason}",
        Event.DetailOneofCase.Patch => $"{e.Patch.PatchId} {(e.Patch.Active ? "linked" : "unlinked")} {string.Join(',', e.Patch.TalkGroupIds)}",
        Event.DetailOneofCase.TalkGroup => e.TalkGroup.Change,
        Event.DetailOneofCase.Signal => $"{Lower(e.Signal.Kind.ToString())} '{e.Signal.Value}' from {e.Signal.EndpointId}",
        Event.DetailOneofCase.Alert => $"alert {e.Alert.AlertId} {Lower(e.Alert.State.ToString())} {e.Alert.UnitId}".TrimEnd(),
        Event.DetailOneofCase.Emergency => $"EMERGENCY {Lower(e.Emergency.Type.ToString())} {e.Emergency.UnitId} via {e.Emergency.Source} {e.Emergency.Note}".TrimEnd(),
        Event.DetailOneofCase.UnitStatus => $"{e.UnitStatus.UnitId} status {e.UnitStatus.Status} via {e.UnitStatus.Source} {e.UnitStatus.Note}".TrimEnd(),
        _ => string.Empty,
    };

    private static Priority ParsePriority(string text) => text.ToUpperInvariant() switch
    {
        "NORMAL" => Priority.Normal,
        "DISPATCHER" => Priority.Dispatcher,
        "ALERT" => Priority.Alert,
        "EMERGENCY" => Priority.Emergency,
        _ => throw new UsageException($"talk: --priority must be normal, dispatcher, alert or emergency, not '{text}'"),
    };

    private int PrintJson<T>(IEnumerable<T> messages)
        where T : IMessage
    {
        _out.WriteLine("[" + string.Join(",\n", messages.Select(m => Json.Format(m))) + "]");
        return 0;
    }

    private int Line(string text)
    {
        _out.WriteLine(text);
        return 0;
    }

    // Progress goes to stderr so stdout stays clean for scripts and --json.
    private bool _progressOpen;

    private void Progress(string text, bool sameLine = false)
    {
        if (sameLine)
        {
            _err.Write("\r" + text.PadRight(72));
            _progressOpen = true;
        }
        else
        {
            EndProgressLine();
            _err.WriteLine(text);
        }
    }

    private void EndProgressLine()
    {
        if (_progressOpen)
        {
            _err.WriteLine();
            _progressOpen = false;
        }
    }

    internal static string Lower(string? text) => (text ?? string.Empty).ToLowerInvariant();

    private static string N(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    internal static string Time(Google.Protobuf.WellKnownTypes.Timestamp? time) =>
        time is null ? string.Empty : time.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
