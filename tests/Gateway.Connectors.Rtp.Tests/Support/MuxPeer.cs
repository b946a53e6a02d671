using System.Net;
using System.Net.Sockets;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>
/// A test peer with RTCP multiplexing (RFC 5761): one socket that sends and receives both RTP and RTCP. Received RTCP is
/// parsed with the project's reader into (packet type, sender SSRC, BYE SSRC) entries; RTP packets are counted by SSRC.
/// </summary>
internal sealed class MuxPeer : IDisposable
{
    private readonly Thread _thread;
    private readonly List<(RtcpPacketType Type, uint Ssrc, long PacketCount)> _rtcp = [];
    private readonly Dictionary<uint, int> _rtp = [];
    private volatile bool _stopping;

    public MuxPeer()
    {
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Socket.ReceiveTimeout = 200;
        Port = ((IPEndPoint)Socket.LocalEndPoint!).Port;
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    public Socket Socket { get; }

    public int Port { get; }

    /// <summary>RTCP packets received (one entry per packet of each compound); PacketCount is the SR's sender packet count.</summary>
    public IReadOnlyList<(RtcpPacketType Type, uint Ssrc, long PacketCount)> Rtcp
    {
        get
        {
            lock (_rtcp)
            {
                return [.. _rtcp];
            }
        }
    }

    public int RtpPacketsFrom(uint ssrc)
    {
        lock (_rtp)
        {
            return _rtp.GetValueOrDefault(ssrc);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(1000);
        Socket.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[2048];
        while (!_stopping)
        {
            int n;
            try
            {
                n = Socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, n);
            if (RtpPacketReader.LooksLikeVersion2(datagram) && RtpPacketReader.IsRtcp(datagram))
            {
                Record(datagram);
            }
            else if (RtpPacketReader.TryRead(datagram, out var header, out _))
            {
                lock (_rtp)
                {
                    _rtp[header.Ssrc] = _rtp.GetValueOrDefault(header.Ssrc) + 1;
                }
            }
        }
    }

    private void Record(ReadOnlySpan<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out var packet))
        {
            var type = (RtcpPacketType)packet.PacketType;
            long count = packet.TryGetSenderInfo(out var info) ? info.PacketCount : 0;
            lock (_rtcp)
            {
                _rtcp.Add((type, packet.SenderSsrc, count));
            }
        }
    }
}
