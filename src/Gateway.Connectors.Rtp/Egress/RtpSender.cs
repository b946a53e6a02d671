using System.Security.Cryptography;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Ingress;
using Gateway.Connectors.Rtp.Protocol;
using Gateway.Connectors.Rtp.Transport;
using Gateway.Core.Media;

namespace Gateway.Connectors.Rtp.Egress;

/// <summary>
/// Packetises group frames for one endpoint: random SSRC and initial sequence/timestamp per stream (RFC 3550 §5.1),
/// sequence +1 per packet, timestamp + samples in the payload clock, marker on the first packet of each talk spurt,
/// and after silence the timestamp jumps by the wall-clock gap so the peer's play-out stays in time.
/// Frames arrive from the router already in our profile (encode once per profile); a frame in another profile is
/// encoded here as a fallback. Sending is a synchronous span send: no queue, no allocation.
/// </summary>
internal sealed class RtpSender : IDisposable
{
    private readonly object _sync = new();
    private readonly RtpEndpointSettings _settings;
    private readonly UdpChannel _channel;
    private readonly IRtpDestination _destination;
    private readonly ICodecFactory _codecs;
    private readonly TimeProvider _time;
    private readonly RtpCounters _counters;
    private const int PacketBytes = RtpPacketReader.FixedHeaderLength + 4096;

    // The datagram is assembled in a buffer of the sending thread: the send copies it into the kernel before returning,
    // and one receive loop sends for hundreds of endpoints, so one buffer per thread stays in the CPU cache where a buffer
    // per endpoint would be a cache miss per packet (and 4 KB per endpoint).
    [ThreadStatic]
    private static byte[]? t_packet;

    // Allocated with the first frame needing the fallback encoder: most endpoints never need one.
    private byte[]? _encoded;
    private IAudioEncoder? _fallbackEncoder;
    private ushort _sequence;
    private uint _timestamp;
    private bool _inSpurt;
    private long _lastSendTime;
    private bool _hasSent;

    public RtpSender(RtpEndpointSettings settings, UdpChannel channel, IRtpDestination destination, ICodecFactory codecs, TimeProvider time, RtpCounters counters)
    {
        _settings = settings;
        _channel = channel;
        _destination = destination;
        _codecs = codecs;
        _time = time;
        _counters = counters;
        Ssrc = NewSsrc();
        _sequence = (ushort)RandomNumberGenerator.GetInt32(0, 1 << 16);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
    }

    public uint Ssrc { get; }

    /// <summary>RTP timestamp and wall-clock instant of the last packet (for the SR's NTP/RTP mapping).</summary>
    public (uint RtpTimestamp, long Time, bool Any) LastSent
    {
        get
        {
            lock (_sync)
            {
                return (_timestamp, _lastSendTime, _hasSent);
            }
        }
    }

    public void Send(MediaPacket packet)
    {
        var end = (packet.Flags & FrameFlags.EndOfTransmission) != 0;
        ReadOnlySpan<byte> payload;
        if (packet.PayloadLength > 0 && packet.Profile == _settings.Profile)
        {
            payload = packet.Payload;
        }
        else if (packet.HasPcm && packet.Samples > 0)
        {
            lock (_sync)
            {
                _fallbackEncoder ??= _codecs.CreateEncoder(_settings.Profile);
                _encoded ??= new byte[AudioFormat.MaxPacketBytes * 2];
                payload = _encoded.AsSpan(0, _fallbackEncoder.Encode(packet.Pcm, _encoded));
                SendLocked(payload, packet.Samples, (packet.Flags & FrameFlags.StartOfTransmission) != 0);
                _inSpurt = !end;
            }

            return;
        }
        else
        {
            // An end-of-transmission marker without audio: the next packet starts a new spurt (marker bit).
            if (end)
            {
                lock (_sync)
                {
                    _inSpurt = false;
                }
            }
            else
            {
                Interlocked.Increment(ref _counters.EgressDropped);
            }

            return;
        }

        lock (_sync)
        {
            SendLocked(payload, packet.Samples, (packet.Flags & FrameFlags.StartOfTransmission) != 0);
            _inSpurt = !end;
        }
    }

    /// <summary>Sends one RFC 4733 telephone-event packet in our stream (the caller paces the event's packets).</summary>
    public void SendTelephoneEvent(in TelephoneEvent dtmf, bool first, uint eventTimestamp)
    {
        Span<byte> payload = stackalloc byte[TelephoneEvent.Size];
        dtmf.Write(payload);
        lock (_sync)
        {
            var destination = _destination.Rtp;
            if (destination is null)
            {
                return;
            }

            if (first)
            {
                // The event occupies our media clock from its start: later events and audio continue after it.
                _timestamp = eventTimestamp;
                _lastSendTime = _time.GetTimestamp();
                _hasSent = true;
                _inSpurt = false;
            }

            var packet = t_packet ??= new byte[PacketBytes];
            var length = RtpPacketWriter.Write(packet, first, _settings.TelephoneEventPayloadType, _sequence++, eventTimestamp, Ssrc, payload);
            if (_channel.Send(packet.AsSpan(0, length), destination))
            {
                Interlocked.Increment(ref _counters.PacketsSent);
                Interlocked.Add(ref _counters.OctetsSent, TelephoneEvent.Size);
            }
        }
    }

    /// <summary>The timestamp a DTMF event starting now would carry (continues our media clock).</summary>
    public uint CurrentTimestamp()
    {
        lock (_sync)
        {
            return _hasSent ? _timestamp + (uint)ClockUnitsSince(_lastSendTime) : _timestamp;
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _fallbackEncoder?.Dispose();
        }
    }

    private void SendLocked(ReadOnlySpan<byte> payload, int samples48k, bool start)
    {
        var destination = _destination.Rtp;
        if (destination is null)
        {
            Interlocked.Increment(ref _counters.EgressDropped);
            return;
        }

        var now = _time.GetTimestamp();
        var marker = !_inSpurt || start;
        if (marker && _hasSent)
        {
            // After silence the timestamp follows real time (RFC 3551 §4.1), in whole frames of this packet size.
            var gap = ClockUnitsSince(_lastSendTime);
            var frame = ToClock(samples48k);
            _timestamp += (uint)Math.Max(frame, gap - (gap % Math.Max(1, frame)));
        }
        else if (_hasSent)
        {
            _timestamp += (uint)ToClock(samples48k);
        }

        var packet = t_packet ??= new byte[PacketBytes];
        var length = RtpPacketWriter.Write(packet, marker, _settings.PayloadType, _sequence, _timestamp, Ssrc, payload);
        _sequence++;
        _hasSent = true;
        _lastSendTime = now;
        if (_channel.Send(packet.AsSpan(0, length), destination))
        {
            Interlocked.Increment(ref _counters.PacketsSent);
            Interlocked.Add(ref _counters.OctetsSent, payload.Length);

            // No per-packet metric here: the router counts gateway.frames.out once per delivery (a tagged counter update
            // per listener packet cost ~10 % of the fan-out CPU in a trace, and counted every frame twice).
        }
    }

    private int ToClock(int samples48k) => _settings.ClockRate == 48_000 ? samples48k : samples48k / (48_000 / _settings.ClockRate);

    private long ClockUnitsSince(long then) => (long)(_time.GetElapsedTime(then).TotalSeconds * _settings.ClockRate);

    private static uint NewSsrc()
    {
        uint ssrc;
        do
        {
            ssrc = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
        }
        while (ssrc == 0);
        return ssrc;
    }
}
