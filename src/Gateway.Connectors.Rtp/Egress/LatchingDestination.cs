using System.Net;
using Gateway.Connectors.Rtp.Transport;

namespace Gateway.Connectors.Rtp.Egress;

/// <summary>
/// The destination of an endpoint: fixed (a configured remote or multicast group, RTCP on the next port) or latched
/// (symmetric RTP: whoever last sent us valid RTP from the allowed sources). Latching compares raw address bytes and only
/// allocates when the peer actually changes. With RTCP multiplexing (RFC 5761) the RTCP destination is the RTP one.
/// </summary>
internal sealed class LatchingDestination : IRtpDestination
{
    private readonly bool _latching;
    private readonly bool _rtcpMux;
    private volatile SocketAddress? _rtp;
    private volatile SocketAddress? _rtcp;
    private bool _rtcpLatchedFromRtcp;

    public LatchingDestination(IPEndPoint? fixedRtp, bool rtcpMux = false)
    {
        _latching = fixedRtp is null;
        _rtcpMux = rtcpMux;
        if (fixedRtp is not null)
        {
            _rtp = fixedRtp.Serialize();
            _rtcp = rtcpMux ? null : new IPEndPoint(fixedRtp.Address, fixedRtp.Port + 1).Serialize();
        }
    }

    public bool IsLatching => _latching;

    /// <summary>True when RTCP goes to (and comes from) the peer's RTP address.</summary>
    public bool IsMultiplexed => _rtcpMux;

    public SocketAddress? Rtp => _rtp;

    public SocketAddress? Rtcp => _rtcpMux ? _rtp : _rtcp;

    /// <summary>A valid RTP packet came from <paramref name="source"/>.</summary>
    public void LatchRtp(SocketAddress source)
    {
        if (!_latching || Same(_rtp, source))
        {
            return;
        }

        _rtp = Copy(source);
        if (!_rtcpMux && !_rtcpLatchedFromRtcp)
        {
            // Until the peer's RTCP is seen, assume the RFC 3550 convention of the next port.
            var rtcp = Copy(source);
            var port = SourceFilter.Port(source) + 1;
            var bytes = rtcp.Buffer.Span;
            bytes[2] = (byte)(port >> 8);
            bytes[3] = (byte)port;
            _rtcp = rtcp;
        }
    }

    /// <summary>A valid RTCP datagram came from <paramref name="source"/>.</summary>
    public void LatchRtcp(SocketAddress source)
    {
        // Multiplexed RTCP comes from the peer's RTP address, which only valid RTP latches.
        if (!_latching || _rtcpMux || Same(_rtcp, source))
        {
            return;
        }

        _rtcp = Copy(source);
        _rtcpLatchedFromRtcp = true;
    }

    private static bool Same(SocketAddress? current, SocketAddress source) =>
        current is not null && current.Size == source.Size && current.Buffer.Span[..current.Size].SequenceEqual(source.Buffer.Span[..source.Size]);

    private static SocketAddress Copy(SocketAddress source)
    {
        var copy = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
