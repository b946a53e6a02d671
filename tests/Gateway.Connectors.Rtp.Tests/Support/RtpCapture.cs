using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>
/// A test RTP peer: records every RTP packet (header, payload, arrival) that reaches its port, and every RTCP packet of
/// the compounds that do (a peer with RTCP multiplexing, RFC 5761, gets both on one port and sends from <see cref="Socket"/>).
/// </summary>
internal sealed class RtpCapture : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly List<CapturedPacket> _packets = [];
    private readonly List<(RtcpPacketType Type, uint Ssrc, long PacketCount)> _rtcp = [];
    private volatile bool _stopping;

    public RtpCapture(int port, IPAddress? bind = null)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(bind ?? IPAddress.Loopback, port));
        _socket.ReceiveTimeout = 200;
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Run) { IsBackground = true };
        _thread.Start();
    }

    public int Port { get; }

    /// <summary>The receiving socket, to send from the same address (symmetric RTP, RTCP multiplexing).</summary>
    public Socket Socket => _socket;

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

    public int PacketsFrom(uint ssrc)
    {
        lock (_packets)
        {
            return _packets.Count(p => p.Header.Ssrc == ssrc);
        }
    }

    public IReadOnlyList<CapturedPacket> Packets
    {
        get
        {
            lock (_packets)
            {
                return [.. _packets];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_packets)
            {
                return _packets.Count;
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(1000);
        _socket.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[2048];
        while (!_stopping)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, n);
            if (RtpPacketReader.LooksLikeVersion2(datagram) && RtpPacketReader.IsRtcp(datagram))
            {
                RecordRtcp(datagram);
                continue;
            }

            if (!RtpPacketReader.TryRead(datagram, out var header, out _))
            {
                continue;
            }

            lock (_packets)
            {
                _packets.Add(new CapturedPacket(header, datagram.ToArray(), header.Payload(datagram).ToArray(), Stopwatch.GetTimestamp()));
            }
        }
    }

    private void RecordRtcp(ReadOnlySpan<byte> datagram)
    {
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out var packet))
        {
            long count = packet.TryGetSenderInfo(out var info) ? info.PacketCount : 0;
            lock (_rtcp)
            {
                _rtcp.Add(((RtcpPacketType)packet.PacketType, packet.SenderSsrc, count));
            }
        }
    }
}

internal sealed record CapturedPacket(RtpHeader Header, byte[] Datagram, byte[] Payload, long ArrivalTimestamp);
