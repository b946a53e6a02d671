using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.LoadTest;

/// <summary>One RTP talker: its own socket sending to the gateway's talker endpoint, and the send time of every frame.</summary>
internal sealed class Talker : IDisposable
{
    private readonly Socket _socket;
    private readonly Socket _rtcpSocket;
    private readonly SocketAddress _destination;
    private readonly long[] _sendTimestamps;
    private readonly byte[] _packet = new byte[1500];
    private readonly TestPayloads _payloads;
    private readonly uint _ssrc;
    private readonly ushort _firstSequence;
    private readonly uint _firstTimestamp;
    private long _sent;
    private Socket? _secondSocket;
    private Socket? _secondRtcpSocket;
    private SocketAddress? _secondDestination;
    private uint _secondSsrc;
    private long _viaFirst;
    private long _viaSecond;

    public Talker(int group, bool pcmu, IPEndPoint gatewayPort, int maxFrames, TestPayloads payloads)
    {
        Group = group;
        Pcmu = pcmu;
        _payloads = payloads;
        (_socket, _rtcpSocket) = RtpSocketPair.Bind(); // the gateway's RTCP to the latched talker lands on RTP + 1
        _destination = gatewayPort.Serialize();
        _sendTimestamps = new long[maxFrames];
        _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
        _firstSequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        _firstTimestamp = (uint)Random.Shared.Next();
    }

    public int Group { get; }

    public bool Pcmu { get; }

    /// <summary>Frames sent so far (frame numbers 0..Sent-1 have a send time).</summary>
    public long Sent => Volatile.Read(ref _sent);

    public long SendTimestamp(long frame) => _sendTimestamps[frame];

    /// <summary>The newest frame sent at or before <paramref name="timestamp"/> (Stopwatch ticks), or -1.</summary>
    public long LastSentAt(long timestamp)
    {
        // Send times only grow: binary search for the last one not after the timestamp.
        long low = 0, high = Sent - 1, found = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            if (_sendTimestamps[middle] <= timestamp)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    /// <summary>
    /// A second source of the same group's frames (churn: two talkers take turns on the floor): its own socket, SSRC and
    /// sequence, sending to another gateway endpoint; frame numbers stay one sequence across both.
    /// </summary>
    public void AddSecondSource(IPEndPoint gatewayPort)
    {
        (_secondSocket, _secondRtcpSocket) = RtpSocketPair.Bind();
        _secondDestination = gatewayPort.Serialize();
        _secondSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
    }

    /// <summary>Sends frame number <see cref="Sent"/> (through the second source when asked); false when the send-time table is full.</summary>
    public bool SendNext(bool viaSecond = false)
    {
        var frame = _sent;
        if (frame >= _sendTimestamps.Length)
        {
            return false;
        }

        // Each source numbers its own packets: sequence and timestamp advance per packet it sent.
        var second = viaSecond && _secondSocket is not null;
        var index = second ? _viaSecond++ : _viaFirst++;
        var ssrc = second ? _secondSsrc : _ssrc;
        int length;
        var sequence = (ushort)(_firstSequence + index);
        if (Pcmu)
        {
            Span<byte> payload = stackalloc byte[TestPayloads.PcmuBytes];
            _payloads.WritePcmu(frame, payload);
            length = RtpPacketWriter.Write(_packet, index == 0, 0, sequence, _firstTimestamp + (uint)(index * 160), ssrc, payload);
        }
        else
        {
            length = RtpPacketWriter.Write(_packet, index == 0, 111, sequence, _firstTimestamp + (uint)(index * 960), ssrc, _payloads.Opus(frame));
        }

        _sendTimestamps[frame] = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sent, frame + 1);
        if (second)
        {
            _secondSocket!.SendTo(_packet.AsSpan(0, length), SocketFlags.None, _secondDestination!);
        }
        else
        {
            _socket.SendTo(_packet.AsSpan(0, length), SocketFlags.None, _destination);
        }

        return true;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _rtcpSocket.Dispose();
        _secondSocket?.Dispose();
        _secondRtcpSocket?.Dispose();
    }
}
