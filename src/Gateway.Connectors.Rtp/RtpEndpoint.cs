using System.Net;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Egress;
using Gateway.Connectors.Rtp.Ingress;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Rtcp;
using Gateway.Connectors.Rtp.Transport;
using Gateway.Core;
using Gateway.Core.Events;
using Gateway.Core.Floor;
using Gateway.Core.Health;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp;

/// <summary>
/// One RTP peer as a voice endpoint of a talk group: a UDP port pair (RTP, RTCP = RTP + 1), or with RFC 5761 RTCP
/// multiplexing one port for both, received on the connector's shared receive loops (or a thread each where epoll is unavailable),
/// ingress into the switchboard under floor control, egress of group audio, RTCP reports and RFC 4733 DTMF both ways.
/// </summary>
public sealed partial class RtpEndpoint : IVoiceEndpoint, IDatagramHandler, IDeferredSender, IAsyncDisposable
{
    private static readonly TimeSpan Tick = AudioFormat.FrameDuration;
    private readonly RtpEndpointSettings _settings;
    private readonly ISwitchboard _switchboard;
    private readonly IHealthRegistry? _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RtpCounters _counters;
    private readonly SourceRateLimiter _rtpLimiter;
    private readonly SourceRateLimiter _rtcpLimiter;
    private readonly LatchingDestination _destination;
    private readonly UdpChannel _rtp;

    /// <summary>The RTCP socket: its own (port + 1), or with RTCP multiplexing the RTP socket itself (<see cref="Multiplexed"/>).</summary>
    private readonly UdpChannel _rtcp;
    private readonly RtpIngress _ingress;
    private readonly RtpSender _sender;
    private readonly RtcpSession _rtcpSession;
    private readonly string _healthComponent;
    private readonly RtpPlayoutClock _clock;
    private readonly UdpReceiveLoop? _loop;
    private readonly Action _playoutTick;
    private readonly RtcpReportSchedule _reports;
    private volatile bool _degraded;
    private int _stopped;

    internal RtpEndpoint(
        RtpEndpointSettings settings,
        ISwitchboard switchboard,
        ICodecFactory codecs,
        IEventBus? events,
        IHealthRegistry? health,
        GatewayMetrics? metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        string node,
        RtpPlayoutClock clock,
        UdpReceiveLoop? receiveLoop = null)
    {
        _settings = settings;
        _clock = clock;
        _loop = receiveLoop;
        _playoutTick = RunPlayoutTick;
        _switchboard = switchboard;
        _health = health;
        _time = time;
        _logger = loggerFactory.CreateLogger<RtpEndpoint>();
        _healthComponent = "rtp:" + settings.Id.Value;
        _counters = new RtpCounters(metrics, settings.Id.Value);
        _rtpLimiter = new SourceRateLimiter(settings.MaxPacketsPerSecond, time);
        _rtcpLimiter = new SourceRateLimiter(settings.MaxPacketsPerSecond, time);
        var multicastDestination = settings.Multicast is { } group ? new IPEndPoint(group, settings.Listen.Port) : null;
        // With RTCP multiplexing reports go to the peer's RTP address (the destination says so) on the RTP socket.
        _destination = new LatchingDestination(settings.Remote ?? multicastDestination, settings.RtcpMux);
        var local = settings.Multicast is null ? settings.Listen : new IPEndPoint(settings.MulticastInterface ?? settings.Listen.Address, settings.Listen.Port);
        var channelLogger = loggerFactory.CreateLogger<UdpChannel>();
        _rtp = new UdpChannel(settings.Id.Value + "/rtp", new UdpChannelOptions(local, settings.Multicast, settings.MulticastInterface, settings.Ttl), this, channelLogger, receiveLoop);
        if (settings.RtcpMux)
        {
            // One socket, no port + 1 to bind (or to find taken).
            _rtcp = _rtp;
        }
        else
        {
            _rtcp = BindRtcp(settings, local, channelLogger, receiveLoop);
        }

        _ingress = new RtpIngress(settings, switchboard, codecs, events, time, _counters, _logger) { PendingInput = HasPendingInput };
        _sender = new RtpSender(settings, _rtp, _destination, codecs, time, _counters);
        _rtcpSession = new RtcpSession(settings, _sender, _ingress, _counters, time, node);
        _reports = new RtcpReportSchedule(time);
    }

    private UdpChannel BindRtcp(RtpEndpointSettings settings, IPEndPoint local, ILogger<UdpChannel> channelLogger, UdpReceiveLoop? receiveLoop)
    {
        try
        {
            return new UdpChannel(
                settings.Id.Value + "/rtcp",
                new UdpChannelOptions(new IPEndPoint(local.Address, local.Port + 1), settings.Multicast, settings.MulticastInterface, settings.Ttl),
                this,
                channelLogger,
                receiveLoop);
        }
        catch
        {
            _rtp.Dispose();
            throw;
        }
    }

    public EndpointId Id => _settings.Id;

    public EndpointKind Kind => EndpointKind.Rtp;

    public CodecProfile EgressProfile => _settings.Profile;

    public TalkGroupId TalkGroup => _settings.TalkGroup;

    /// <summary>The bound RTP address (the RTCP port is the next one, or this one with <see cref="RtcpMux"/>).</summary>
    public IPEndPoint LocalEndPoint => _rtp.LocalEndPoint;

    /// <summary>True when RTCP shares the RTP port and the peer's RTP address (RFC 5761).</summary>
    public bool RtcpMux => _settings.RtcpMux;

    /// <summary>Our SSRC for the stream we send.</summary>
    public uint Ssrc => _sender.Ssrc;

    public bool IsDegraded => _degraded;

    /// <summary>The longest play-out tick so far (decode + routing + egress sends of the group), for diagnostics.</summary>
    public long MaxTickMicroseconds { get; private set; }

    /// <summary>Play-out ticks that took more than 5 ms.</summary>
    public long SlowTicks { get; private set; }

    /// <summary>Play-out ticks of the connector's shared clock that ran more than a frame late (the loop caught up).</summary>
    public long LateTicks => _clock.LateTicks;

    internal UdpChannel RtpChannel => _rtp;

    /// <summary>RTCP shares the RTP socket (so it is started, counted and closed once).</summary>
    private bool Multiplexed => ReferenceEquals(_rtcp, _rtp);

    internal RtpIngress Ingress => _ingress;

    /// <summary>Binds, attaches to the talk group and starts the receive threads, the play-out clock and RTCP.</summary>
    public void Start()
    {
        _switchboard.Attach(this, _settings.TalkGroup);
        _rtp.Start();
        if (!Multiplexed)
        {
            _rtcp.Start();
        }

        _clock.Add(_playoutTick);
        _health?.Report(_healthComponent, HealthState.Healthy, "listening on " + _rtp.LocalEndPoint);
        LogStarted(_logger, Id, _rtp.LocalEndPoint, _settings.TalkGroup, _settings.Profile);
    }

    public void Deliver(MediaPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (_loop is not null)
        {
            // Sent by the loop that owns our socket (keeps our packets in order, spreads a group's fan-out over the loops).
            _loop.Enqueue(this, packet);
            return;
        }

        try
        {
            _sender.Send(packet);
        }
        finally
        {
            packet.Release();
        }
    }

    void IDeferredSender.SendQueued(MediaPacket packet)
    {
        try
        {
            if (Volatile.Read(ref _stopped) == 0)
            {
                _sender.Send(packet);
            }
        }
        finally
        {
            packet.Release();
        }
    }

    void IDeferredSender.DropQueued(MediaPacket packet)
    {
        Interlocked.Increment(ref _counters.EgressDropped);
        packet.Release();
    }

    public void OnFloorNotice(FloorNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        _ingress.OnFloorNotice(notice);
    }

    /// <summary>
    /// Sends DTMF digits as RFC 4733 events in our stream: each digit lasts <paramref name="digitMs"/> (packets every 50 ms,
    /// the end packet three times), then a pause of the same length.
    /// </summary>
    public async Task SendDtmfAsync(string digits, int digitMs = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentOutOfRangeException.ThrowIfLessThan(digitMs, 40);
        foreach (var digit in digits)
        {
            var code = TelephoneEvent.FromDigit(digit);
            if (code < 0)
            {
                throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D).", nameof(digits));
            }
        }

        var step = TimeSpan.FromMilliseconds(50);
        foreach (var digit in digits)
        {
            var code = (byte)TelephoneEvent.FromDigit(digit);
            var start = _sender.CurrentTimestamp();
            var elapsed = 0;
            var first = true;
            while (elapsed < digitMs)
            {
                var duration = (ushort)Math.Min(ushort.MaxValue, _settings.ClockRate / 1000 * Math.Max(elapsed, 1));
                _sender.SendTelephoneEvent(new TelephoneEvent(code, false, 10, duration), first, start);
                first = false;
                await Task.Delay(step, _time, cancellationToken).ConfigureAwait(false);
                elapsed += 50;
            }

            var total = (ushort)Math.Min(ushort.MaxValue, _settings.ClockRate / 1000 * digitMs);
            for (var i = 0; i < 3; i++)
            {
                _sender.SendTelephoneEvent(new TelephoneEvent(code, true, 10, total), false, start);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(digitMs), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public RtpEndpointStatistics GetStatistics()
    {
        var (lost, expected, jitterMs) = _ingress.ReceptionFigures();
        return new RtpEndpointStatistics(
            Interlocked.Read(ref _counters.DatagramsReceived),
            Interlocked.Read(ref _counters.BytesReceived),
            Interlocked.Read(ref _counters.Accepted),
            Interlocked.Read(ref _counters.Held),
            Interlocked.Read(ref _counters.RtcpPackets),
            _counters.DropSnapshot(),
            Interlocked.Read(ref _counters.FramesSubmitted),
            Interlocked.Read(ref _counters.FramesConcealed),
            Interlocked.Read(ref _counters.PacketsSkipped),
            Interlocked.Read(ref _counters.Underruns),
            Interlocked.Read(ref _counters.Reordered),
            Interlocked.Read(ref _counters.TalkSpurts),
            Interlocked.Read(ref _counters.DtmfDigits),
            _ingress.RemoteSsrc,
            lost,
            expected,
            jitterMs,
            Interlocked.Read(ref _counters.PacketsSent),
            Interlocked.Read(ref _counters.OctetsSent),
            _rtp.SendErrors + (Multiplexed ? 0 : _rtcp.SendErrors),
            _rtp.Restarts + (Multiplexed ? 0 : _rtcp.Restarts),
            _rtcpSession.Peer);
    }

    /// <summary>Ends a held spurt, says BYE, detaches from the group and closes the sockets.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _clock.Remove(_playoutTick); // returns once a tick in progress (which may be sending a report) has finished
        _ingress.Stop();
        if (_destination.Rtcp is { } rtcp)
        {
            _rtcp.Send(_rtcpSession.BuildReport(bye: true), rtcp);
        }

        _switchboard.Detach(Id, _settings.TalkGroup);
        _rtp.Dispose();
        if (!Multiplexed)
        {
            _rtcp.Dispose();
        }

        _ingress.Dispose();
        _sender.Dispose();
        LogStopped(_logger, Id);
        return ValueTask.CompletedTask;
    }

    void IDatagramHandler.OnDatagram(UdpChannel channel, ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        Interlocked.Increment(ref _counters.DatagramsReceived);
        Interlocked.Add(ref _counters.BytesReceived, datagram.Length);
        var reason = Receive(channel, datagram, source);
        if (reason != RtpDropReason.None)
        {
            _counters.Drop(reason);
            LogDropped(_logger, Id, reason, datagram.Length);
        }
    }

    void IDatagramHandler.OnFault(UdpChannel channel, Exception error)
    {
        _degraded = true;
        _health?.Report(_healthComponent, HealthState.Degraded, "receive loop fault, socket restarting: " + error.Message);
    }

    void IDatagramHandler.OnRecovered(UdpChannel channel)
    {
        _health?.Report(_healthComponent, HealthState.Degraded, "socket re-opened after a fault; waiting for valid RTP");
    }

    private RtpDropReason Receive(UdpChannel channel, ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (!_settings.AllowedSources.IsAllowed(source))
        {
            return RtpDropReason.SourceNotAllowed;
        }

        var isRtcpPort = !Multiplexed && ReferenceEquals(channel, _rtcp);
        if (!(isRtcpPort ? _rtcpLimiter : _rtpLimiter).TryAcquire(source))
        {
            return RtpDropReason.RateLimited;
        }

        if (isRtcpPort || (RtpPacketReader.LooksLikeVersion2(datagram) && RtpPacketReader.IsRtcp(datagram)))
        {
            // RTCP on its own port, or multiplexed on the RTP port (RFC 5761).
            if (!_rtcpSession.OnDatagram(datagram))
            {
                return RtpDropReason.BadRtcp;
            }

            Interlocked.Increment(ref _counters.RtcpPackets);
            if (isRtcpPort)
            {
                _destination.LatchRtcp(source);
            }

            return RtpDropReason.None;
        }

        if (!RtpPacketReader.TryRead(datagram, out var header, out var reason))
        {
            return reason;
        }

        if (header.Ssrc == _sender.Ssrc)
        {
            return RtpDropReason.Looped;
        }

        reason = _ingress.OnPacket(header, header.Payload(datagram), out var held);
        if (reason != RtpDropReason.None)
        {
            return reason;
        }

        Interlocked.Increment(ref held ? ref _counters.Held : ref _counters.Accepted);
        _destination.LatchRtp(source);
        if (_degraded && !held)
        {
            _degraded = false;
            _health?.Report(_healthComponent, HealthState.Healthy, "receiving again after a socket restart");
        }

        return RtpDropReason.None;
    }

    private bool HasPendingInput()
    {
        try
        {
            return _rtp.Socket.Available > 0;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>One play-out tick, run by the connector's shared <see cref="RtpPlayoutClock"/> every 20 ms.</summary>
    private void RunPlayoutTick()
    {
        try
        {
            var before = _time.GetTimestamp();
            if (_reports.TryTakeDue(before) && _destination.Rtcp is { } rtcp)
            {
                _rtcp.Send(_rtcpSession.BuildReport(), rtcp);
            }

            if (!_ingress.Tick())
            {
                return;
            }

            var took = (long)_time.GetElapsedTime(before).TotalMicroseconds;
            if (took > MaxTickMicroseconds)
            {
                MaxTickMicroseconds = took;
            }

            if (took > 5000)
            {
                SlowTicks++;
            }
        }
        catch (Exception ex)
        {
            // A fault in one spurt (e.g. a payload the decoder rejects in a way we did not foresee) must not leave the
            // spurt, and so the group's floor, stuck: end it as if the talker had stopped, then carry on.
            LogPlayoutFault(_logger, Id, ex);
            _ingress.Stop();
        }
    }
}
