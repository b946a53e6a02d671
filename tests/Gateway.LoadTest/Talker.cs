using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.LoadTest;

/// <summary>One RTP talker: its own socket sending to the gateway's talker endpoint, and the send time of every frame.</summary>
internal sealed class Talker : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly SocketAddress _destination;
    private readonly long[] _sendTimestamps;
    private readonly byte[] _packet = new byte[1500];
    private readonly TestPayloads _payloads;
    private readonly uint _ssrc;
    private readonly ushort _firstSequence;
    private readonly uint _firstTimestamp;
    private long _sent;

    public Talker(int group, bool pcmu, IPEndPoint gatewayPort, int maxFrames, TestPayloads payloads)
    {
        Group = group;
        Pcmu = pcmu;
        _payloads = payloads;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
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

    /// <summary>Index of the group's first frame seen by an indexed (PCMU) listener; aligns transcoded streams. -1 until known.</summary>
    public long FirstDelivered { get; set; } = -1;

    public long SendTimestamp(long frame) => _sendTimestamps[frame];

    /// <summary>Sends frame number <see cref="Sent"/>; false when the send-time table is full.</summary>
    public bool SendNext()
    {
        var frame = _sent;
        if (frame >= _sendTimestamps.Length)
        {
            return false;
        }

        int length;
        var sequence = (ushort)(_firstSequence + frame);
        if (Pcmu)
        {
            Span<byte> payload = stackalloc byte[TestPayloads.PcmuBytes];
            _payloads.WritePcmu(frame, payload);
            length = RtpPacketWriter.Write(_packet, frame == 0, 0, sequence, _firstTimestamp + (uint)(frame * 160), _ssrc, payload);
        }
        else
        {
            length = RtpPacketWriter.Write(_packet, frame == 0, 111, sequence, _firstTimestamp + (uint)(frame * 960), _ssrc, _payloads.Opus(frame));
        }

        _sendTimestamps[frame] = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sent, frame + 1);
        _socket.SendTo(_packet.AsSpan(0, length), SocketFlags.None, _destination);
        return true;
    }

    public void Dispose() => _socket.Dispose();
}
