using System.Text;
using Gateway.Connectors.Rtp.Egress;
using Gateway.Connectors.Rtp.Ingress;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Rtcp;

/// <summary>
/// RTCP for one endpoint (RFC 3550 §6): builds our compound reports (SR when we sent since the last report, else RR,
/// always with SDES CNAME), and reads the peer's: its SR (kept for LSR/DLSR), its report blocks about our stream
/// (loss, jitter, round trip), and BYE (ends the peer's spurt).
/// </summary>
internal sealed class RtcpSession
{
    private readonly object _sync = new();
    private readonly RtpEndpointSettings _settings;
    private readonly RtpSender _sender;
    private readonly RtpIngress _ingress;
    private readonly RtpCounters _counters;
    private readonly TimeProvider _time;
    private readonly byte[] _cname;
    private readonly byte[] _buffer = new byte[512];
    private uint _peerLsr;
    private long _peerSrArrival;
    private bool _hasPeerSr;
    private long _packetsAtLastReport;
    private RtpPeerReport? _peer;

    public RtcpSession(RtpEndpointSettings settings, RtpSender sender, RtpIngress ingress, RtpCounters counters, TimeProvider time, string node)
    {
        _settings = settings;
        _sender = sender;
        _ingress = ingress;
        _counters = counters;
        _time = time;
        var cname = $"{settings.Id.Value}@{node}";
        _cname = Encoding.ASCII.GetBytes(cname.Length > 255 ? cname[..255] : cname);
    }

    public RtpPeerReport? Peer
    {
        get
        {
            lock (_sync)
            {
                return _peer;
            }
        }
    }

    /// <summary>Reads one RTCP datagram; false when it was malformed.</summary>
    public bool OnDatagram(ReadOnlySpan<byte> datagram)
    {
        var now = _time.GetTimestamp();
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out var packet))
        {
            switch ((RtcpPacketType)packet.PacketType)
            {
                case RtcpPacketType.SenderReport:
                    if (packet.TryGetSenderInfo(out var info))
                    {
                        lock (_sync)
                        {
                            _peerLsr = info.CompactNtp;
                            _peerSrArrival = now;
                            _hasPeerSr = true;
                        }
                    }

                    ReadBlocks(packet);
                    break;
                case RtcpPacketType.ReceiverReport:
                    ReadBlocks(packet);
                    break;
                case RtcpPacketType.Goodbye:
                    var remote = _ingress.RemoteSsrc;
                    if (remote is { } ssrc && packet.ByeContains(ssrc))
                    {
                        _ingress.OnBye(ssrc);
                    }

                    break;
            }
        }

        return reader.Error == RtpDropReason.None;
    }

    /// <summary>Writes our compound report into an internal buffer and returns it (valid until the next call).</summary>
    public ReadOnlySpan<byte> BuildReport(bool bye = false)
    {
        lock (_sync)
        {
            Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
            var blockCount = 0;
            var dlsr = _hasPeerSr ? (uint)(_time.GetElapsedTime(_peerSrArrival).TotalSeconds * 65536) : 0;
            if (_ingress.TryBuildReportBlock(_hasPeerSr ? _peerLsr : 0, dlsr, out var block))
            {
                blocks[0] = block;
                blockCount = 1;
            }

            var sent = Interlocked.Read(ref _counters.PacketsSent);
            int length;
            if (sent != _packetsAtLastReport)
            {
                _packetsAtLastReport = sent;
                var last = _sender.LastSent;
                var nowWall = _time.GetUtcNow();

                // The SR's RTP timestamp is the media clock at the SR's NTP instant: extrapolate from the last packet.
                var rtpNow = last.RtpTimestamp + (uint)(_time.GetElapsedTime(last.Time).TotalSeconds * _settings.ClockRate);
                var info = new RtcpSenderInfo(NtpTime.FromDateTimeOffset(nowWall), rtpNow, (uint)sent, (uint)Interlocked.Read(ref _counters.OctetsSent));
                length = RtcpWriter.WriteSenderReport(_buffer, _sender.Ssrc, info, blocks[..blockCount]);
            }
            else
            {
                length = RtcpWriter.WriteReceiverReport(_buffer, _sender.Ssrc, blocks[..blockCount]);
            }

            length += RtcpWriter.WriteSdesCname(_buffer.AsSpan(length), _sender.Ssrc, _cname);
            if (bye)
            {
                length += RtcpWriter.WriteBye(_buffer.AsSpan(length), _sender.Ssrc);
            }

            return _buffer.AsSpan(0, length);
        }
    }

    private void ReadBlocks(RtcpPacket packet)
    {
        for (var i = 0; i < packet.ReportBlockCount; i++)
        {
            var block = packet.GetReportBlock(i);
            if (block.Ssrc != _sender.Ssrc)
            {
                continue;
            }

            var arrival = NtpTime.Compact(NtpTime.FromDateTimeOffset(_time.GetUtcNow()));
            var rtt = NtpTime.RoundTrip(arrival, block.LastSenderReport, block.DelaySinceLastSenderReport);
            var report = new RtpPeerReport(
                block.FractionLost / 256.0,
                block.CumulativeLost,
                block.Jitter * 1000.0 / _settings.ClockRate,
                rtt,
                _time.GetUtcNow());
            lock (_sync)
            {
                _peer = report;
            }
        }
    }
}
