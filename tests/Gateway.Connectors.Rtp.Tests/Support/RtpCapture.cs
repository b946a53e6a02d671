using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>A test RTP receiver: records every RTP packet (header, payload, arrival) that reaches its port.</summary>
internal sealed class RtpCapture : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly List<CapturedPacket> _packets = [];
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
            if (RtpPacketReader.IsRtcp(datagram) || !RtpPacketReader.TryRead(datagram, out var header, out _))
            {
                continue;
            }

            lock (_packets)
            {
                _packets.Add(new CapturedPacket(header, datagram.ToArray(), header.Payload(datagram).ToArray(), Stopwatch.GetTimestamp()));
            }
        }
    }
}

internal sealed record CapturedPacket(RtpHeader Header, byte[] Datagram, byte[] Payload, long ArrivalTimestamp);
