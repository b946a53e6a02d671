using System.Net;
using ProtocolViolationException = Gateway.Connectors.Mumble.Protocol.ProtocolViolationException;
using System.Security.Cryptography.X509Certificates;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Mumble.Protocol;
using Gateway.Connectors.Mumble.Protocol.Messages;
using Gateway.Connectors.Mumble.Transport;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Units;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using MumbleVersion = Gateway.Connectors.Mumble.Protocol.Messages.Version;

namespace Gateway.Connectors.Mumble.Session;

/// <summary>
/// One Mumble user of the gateway, sitting in one mapped channel, and the endpoint of that channel in its talk group.
/// A Mumble user can be in one channel at a time, hence one session (and one TLS connection) per mapped channel.
/// Runs connect → authenticate → join → relay, and reconnects with backoff whenever the connection ends.
/// </summary>
internal sealed partial class MumbleChannelSession : IVoiceEndpoint, IMumbleMessageSink, IAsyncDisposable
{
    private readonly MumbleConnectorOptions _options;
    private readonly MumbleSessionServices _services;
    private readonly ILogger _logger;
    private readonly ServerCertificatePolicy _certificatePolicy;
    private readonly X509Certificate2? _clientCertificate;
    private readonly MumbleServerView _view = new();
    private readonly MumbleVoiceIngress _ingress;
    private readonly MumbleVoiceEgress _egress;
    private readonly HashSet<string> _ackKeywords;
    private readonly HashSet<UnitId> _presentUnits = [];
    private readonly string _healthComponent;
    private readonly ITimer _joinTimer;
    private volatile MumbleConnection? _connection;
    private volatile bool _joined;
    private int _disposed;
    private uint? _targetChannel;
    private TaskCompletionSource _joinedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MumbleChannelSession(MumbleConnectorOptions options, string channelPath, TalkGroupId group, string userName, MumbleSessionServices services)
    {
        _options = options;
        _services = services;
        ChannelPath = channelPath;
        TalkGroup = group;
        UserName = userName;
        Id = new EndpointId($"mumble:{options.Id}:{channelPath}");
        EgressProfile = CodecProfile.Opus(options.Bitrate);
        _logger = services.LoggerFactory.CreateLogger<MumbleChannelSession>();
        _healthComponent = $"mumble/{options.Id}/{channelPath}";
        _certificatePolicy = new ServerCertificatePolicy(options.Id, options.CertificateFingerprint, options.AcceptInvalidCertificate, _logger);
        _clientCertificate = LoadClientCertificate(options);
        _ackKeywords = new HashSet<string>(options.AckKeywords.Select(k => k.Trim()), StringComparer.OrdinalIgnoreCase);
        var priority = Enum.Parse<Priority>(options.Priority, ignoreCase: true);
        _ingress = new MumbleVoiceIngress(
            services.Switchboard, Id, group, priority, services.Codecs, EgressProfile, IdentifyTalker, services.Time, services.Timings.TalkerSilenceTimeout);
        _egress = new MumbleVoiceEgress(Id, services.Codecs, EgressProfile, () => _joined ? _connection : null, services.Metrics);
        _joinTimer = services.Time.CreateTimer(static s => ((MumbleChannelSession)s!).OnJoinTimeout(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public EndpointId Id { get; }

    public EndpointKind Kind => EndpointKind.Mumble;

    public CodecProfile EgressProfile { get; }

    public string ChannelPath { get; }

    public TalkGroupId TalkGroup { get; }

    public string UserName { get; }

    /// <summary>The component name this session reports health under: <c>mumble/&lt;Id&gt;/&lt;channel path&gt;</c>.</summary>
    public string HealthComponent => _healthComponent;

    /// <summary>True while connected and sitting in the mapped channel.</summary>
    public bool IsJoined => _joined;

    /// <summary>Successful joins so far (1 after the first connect, +1 per reconnect).</summary>
    public int JoinCount { get; private set; }

    public MumbleVoiceIngress Ingress => _ingress;

    public MumbleVoiceEgress Egress => _egress;

    /// <summary>Completes when the session is (again) in its channel.</summary>
    public Task WaitJoinedAsync(CancellationToken cancellationToken) => Volatile.Read(ref _joinedSignal).Task.WaitAsync(cancellationToken);

    public void Deliver(MediaPacket packet) => _egress.Enqueue(packet);

    public void OnFloorNotice(FloorNotice notice)
    {
        switch (notice.Kind)
        {
            case FloorNoticeKind.Revoked:
                _ingress.OnRevoked();
                break;
            case FloorNoticeKind.Granted:
                _ingress.OnGranted();
                break;
        }
    }

    /// <summary>Posts a text (an alert) into the channel. False when the session is not in its channel right now.</summary>
    public async Task<bool> PostTextAsync(string text, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null || !_joined || _targetChannel is not { } channel)
        {
            return false;
        }

        var message = new TextMessage { Message = WebUtility.HtmlEncode(text) };
        message.ChannelId.Add(channel);
        try
        {
            await connection.SendAsync(message, cancellationToken);
            return true;
        }
        catch (MumbleConnectionException ex)
        {
            LogTextFailed(_logger, Id, ex.Message);
            return false;
        }
    }

    /// <summary>Runs the session until cancelled: connect, join, relay; on any failure back off and reconnect.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(_services.Timings.InitialReconnectDelay, TimeSpan.FromSeconds(_options.ReconnectMaxSeconds));
        ReportHealth(HealthState.Degraded, "connecting");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var reason = await RunConnectionAsync(cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                if (reason.WasJoined)
                {
                    // The connection worked: a fresh failure starts again from the shortest delay.
                    backoff.Reset();
                }

                var delay = backoff.Next();
                LogReconnecting(_logger, Id, reason.Text, delay.TotalSeconds);
                ReportHealth(HealthState.Degraded, $"reconnecting in {delay.TotalSeconds:0.0} s: {reason.Text}");
                await Task.Delay(delay, _services.Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            ReportHealth(HealthState.Degraded, "stopped");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _joinTimer.DisposeAsync();
        _ingress.Dispose();
        await _egress.DisposeAsync();
        _clientCertificate?.Dispose();
    }

    void IMumbleMessageSink.OnVoice(ReadOnlySpan<byte> packet)
    {
        if (_joined)
        {
            _ingress.OnVoicePacket(packet);
        }
    }

    void IMumbleMessageSink.OnMessage(MumbleMessageType type, IMessage message)
    {
        switch (message)
        {
            case ChannelState channel:
                _view.Apply(channel);
                if (_view.Synchronized && _targetChannel is null)
                {
                    TryJoin();
                }

                break;
            case ChannelRemove remove:
                _view.Apply(remove);
                if (remove.ChannelId == _targetChannel)
                {
                    LeaveChannel("the mapped channel was removed on the server");
                    _targetChannel = null;
                }

                break;
            case UserState user:
                OnUserState(user);
                break;
            case UserRemove remove:
                OnUserRemove(remove);
                break;
            case ServerSync sync:
                _view.Apply(sync);
                LogSynchronized(_logger, Id, sync.Session);
                TryJoin();
                break;
            case TextMessage text:
                OnText(text);
                break;
            case PermissionDenied denied:
                OnPermissionDenied(denied);
                break;
            case Reject reject:
                var why = $"server rejected the login ({reject.Type}): {reject.Reason}";
                ReportHealth(HealthState.Degraded, why);
                throw new MumbleConnectionException(why) { IsPermanent = true };
            case CodecVersion codec when codec.HasOpus && !codec.Opus:
                LogNoOpus(_logger, Id);
                break;
        }
    }

    private async Task<(string Text, bool WasJoined)> RunConnectionAsync(CancellationToken cancellationToken)
    {
        var joinsBefore = JoinCount;
        MumbleConnection? connection = null;
        try
        {
            connection = await MumbleConnection.ConnectAsync(
                _options.Host, _options.Port, _certificatePolicy, _clientCertificate, _services.Timings, _services.Time, _logger, Id.Value, cancellationToken);
            _view.Clear();
            _targetChannel = null;
            _connection = connection;
            await connection.SendAsync(
                new MumbleVersion
                {
                    Version_ = MumbleMessageCodec.EncodeVersion(1, 3, 4),
                    Release = "Gateway",
                    Os = Environment.OSVersion.Platform.ToString(),
                    OsVersion = Environment.OSVersion.VersionString,
                },
                cancellationToken);
            var authenticate = new Authenticate { Username = UserName, Opus = true };
            if (!string.IsNullOrEmpty(_options.Password))
            {
                authenticate.Password = _options.Password;
            }

            await connection.SendAsync(authenticate, cancellationToken);
            LogConnected(_logger, Id, _options.Host, _options.Port, UserName);
            await connection.RunAsync(this, cancellationToken);
            return ("connection ended", JoinCount > joinsBefore);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ("stopped", JoinCount > joinsBefore);
        }
        catch (Exception ex) when (ex is MumbleConnectionException or ProtocolViolationException)
        {
            LogConnectionEnded(_logger, Id, ex.Message);
            return (ex.Message, JoinCount > joinsBefore);
        }
        catch (Exception ex)
        {
            // A bug in a handler must not take the host down: log it with the stack and reconnect.
            LogUnexpected(_logger, Id, ex);
            return ($"unexpected error: {ex.Message}", JoinCount > joinsBefore);
        }
        finally
        {
            _connection = null;
            LeaveChannel("disconnected");
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private void TryJoin()
    {
        if (_view.SelfSession is not { } self)
        {
            return;
        }

        var channel = _view.FindChannel(ChannelPath);
        if (channel is null)
        {
            ReportHealth(HealthState.Degraded, $"channel '{ChannelPath}' does not exist on the server");
            return;
        }

        _targetChannel = channel;
        if (_view.FindUser(self)?.ChannelId == channel)
        {
            OnJoined();
            return;
        }

        _joinTimer.Change(_services.Timings.JoinTimeout, Timeout.InfiniteTimeSpan);
        var connection = _connection;
        if (connection is not null)
        {
            // Fire and forget is safe: a failed send breaks the connection, which the receive loop reports.
            _ = SendQuietlyAsync(connection, new UserState { Session = self, ChannelId = channel.Value });
        }
    }

    private async Task SendQuietlyAsync(MumbleConnection connection, IMessage message)
    {
        try
        {
            await connection.SendAsync(message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is MumbleConnectionException or ObjectDisposedException)
        {
            LogSendFailed(_logger, Id, ex.Message);
        }
    }

    private void OnUserState(UserState state)
    {
        var (before, user) = _view.Apply(state);
        if (state.Session == _view.SelfSession)
        {
            if (_targetChannel is { } target && user.ChannelId == target && !_joined)
            {
                OnJoined();
            }
            else if (_joined && user.ChannelId != _targetChannel)
            {
                LeaveChannel($"moved out of '{ChannelPath}' by the server");
                TryJoin();
            }
            else if (_joined && (user.Muted || user.Suppressed || user.SelfMuted))
            {
                ReportHealth(HealthState.Degraded, $"the gateway user is muted or suppressed in '{ChannelPath}' (needs the Speak permission)");
            }
            else if (_joined)
            {
                ReportHealth(HealthState.Healthy, $"in channel '{ChannelPath}'");
            }

            return;
        }

        if (!_joined || _targetChannel is not { } channel)
        {
            return;
        }

        var wasHere = before == channel;
        var isHere = user.ChannelId == channel;
        if (wasHere != isHere || (isHere && before is null))
        {
            ReportPresence(user.Name, isHere);
        }
    }

    private void OnUserRemove(UserRemove remove)
    {
        var user = _view.Apply(remove);
        if (user is not null && _joined && user.ChannelId == _targetChannel)
        {
            ReportPresence(user.Name, online: false);
        }
    }

    private void OnJoined()
    {
        _joinTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _joined = true;
        JoinCount++;
        var self = _view.SelfSession;
        var user = self is { } s ? _view.FindUser(s) : null;
        if (user is not null && (user.Muted || user.Suppressed || user.SelfMuted))
        {
            ReportHealth(HealthState.Degraded, $"the gateway user is muted or suppressed in '{ChannelPath}' (needs the Speak permission)");
        }
        else
        {
            ReportHealth(HealthState.Healthy, $"in channel '{ChannelPath}'");
        }

        _services.Switchboard.SetEndpointOnline(Id, true, $"joined Mumble channel '{ChannelPath}'");
        LogJoined(_logger, Id, ChannelPath, _targetChannel ?? 0);
        foreach (var other in _view.Users.Values)
        {
            if (other.Session != self && other.ChannelId == _targetChannel)
            {
                ReportPresence(other.Name, online: true);
            }
        }

        Volatile.Read(ref _joinedSignal).TrySetResult();
    }

    private void LeaveChannel(string reason)
    {
        _joinTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (!_joined)
        {
            return;
        }

        _joined = false;
        Interlocked.Exchange(ref _joinedSignal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _ingress.Reset();
        foreach (var unit in _presentUnits.ToArray())
        {
            _services.Units.ReportPresence(unit, Id, online: false);
        }

        _presentUnits.Clear();
        _services.Switchboard.SetEndpointOnline(Id, false, reason);
        ReportHealth(HealthState.Degraded, reason);
    }

    private void OnJoinTimeout()
    {
        if (!_joined)
        {
            ReportHealth(HealthState.Degraded, $"joining '{ChannelPath}' was not confirmed by the server (no Enter permission or channel full?)");
        }
    }

    private void OnPermissionDenied(PermissionDenied denied)
    {
        var what = denied.HasPermission ? $"permission 0x{denied.Permission:X}" : denied.Type.ToString();
        var reason = $"server denied {what}" + (denied.HasReason && denied.Reason.Length > 0 ? $": {denied.Reason}" : string.Empty)
            + (denied.HasChannelId ? $" (channel id {denied.ChannelId})" : string.Empty)
            + (_joined ? string.Empty : $" while joining '{ChannelPath}'");
        LogPermissionDenied(_logger, Id, reason);
        ReportHealth(HealthState.Degraded, reason);
    }

    private void OnText(TextMessage text)
    {
        if (!text.HasActor || _view.FindUser(text.Actor) is not { } sender)
        {
            return;
        }

        var plain = MumbleText.ToPlainText(text.Message);
        if (!_ackKeywords.Contains(plain))
        {
            return;
        }

        var unit = _services.Units.FindByIdentity(UnitIdentityKind.MumbleUser, sender.Name)?.Settings.Id;
        _services.Events.Publish(new SignalReceived(_services.Time.GetUtcNow(), Id, TalkGroup, unit, SignalKind.Text, plain));
        LogAck(_logger, Id, sender.Name, plain);
    }

    private static X509Certificate2? LoadClientCertificate(MumbleConnectorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ClientCertificate))
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.ClientCertificate, options.ClientCertificatePassword);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Mumble connector '{options.Id}': ClientCertificate '{options.ClientCertificate}' cannot be loaded (wrong ClientCertificatePassword or not a PKCS#12 file): {ex.Message}", ex);
        }
    }

    /// <summary>The talker behind a Mumble session, or null when its voice must not be relayed (a gateway session).</summary>
    private Talker? IdentifyTalker(uint session)
    {
        if (_view.FindUser(session) is not { } user)
        {
            return new Talker(Id, null, $"mumble session {session}");
        }

        if (user.Name.StartsWith(_options.Username + "-", StringComparison.Ordinal))
        {
            return null;
        }

        var unit = _services.Units.FindByIdentity(UnitIdentityKind.MumbleUser, user.Name)?.Settings.Id;
        return new Talker(Id, unit, user.Name);
    }

    private void ReportPresence(string mumbleName, bool online)
    {
        if (_services.Units.FindByIdentity(UnitIdentityKind.MumbleUser, mumbleName) is not { } unit)
        {
            return;
        }

        var id = unit.Settings.Id;
        if (online ? _presentUnits.Add(id) : _presentUnits.Remove(id))
        {
            _services.Units.ReportPresence(id, Id, online);

            // Opt-in (AutoCheckIn): a handset user joining a channel of one of its own talk groups starts its shift, so
            // on-duty pages reach it without a separate check-in. Leaving never checks out: a dropped link is not going off duty.
            if (online && _options.AutoCheckIn && !unit.OnDuty && unit.Settings.TalkGroups.Contains(TalkGroup)
                && _services.Units.CheckIn(id, null, $"joined Mumble channel '{ChannelPath}'", "mumble:" + _options.Id) is not null)
            {
                LogAutoCheckIn(_logger, Id, id, mumbleName, ChannelPath);
            }
        }
    }

    private void ReportHealth(HealthState state, string reason)
    {
        _services.Health.Report(_healthComponent, state, reason);
        if (state != HealthState.Healthy)
        {
            _services.Events.Publish(new EndpointStateChanged(_services.Time.GetUtcNow(), Id, EndpointState.Degraded, reason));
        }
    }
}
