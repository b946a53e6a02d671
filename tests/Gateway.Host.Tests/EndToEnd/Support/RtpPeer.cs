using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Host.Tests.EndToEnd.Support;

/// <summary>
/// A console or RoIP box on the far side of a gateway RTP endpoint: one UDP socket on the endpoint's <c>Remote</c> port
/// that records the RTP the gateway sends, and sends RTP (Opus talk spurts, RFC 4733 DTMF) to the endpoint's <c>Listen</c> port.
/// </summary>
internal sealed class RtpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _gateway;
    private readonly Thread _receiver;
    private readonly List<(RtpHeader Header, byte[] Payload)> _received = [];
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private volatile bool _stopping;
    private ushort _sequence = (ushort)Random.Shared.Next(0, ushort.MaxValue);
    private uint _timestamp = (uint)Random.Shared.Next();

    /// <param name="port">This peer's port (the gateway endpoint's Remote).</param>
    /// <param name="gatewayPort">The gateway endpoint's Listen port.</param>
    public RtpPeer(int port, int gatewayPort)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        _receiver = new Thread(Receive) { IsBackground = true, Name = "rtp-peer " + port };
        _receiver.Start();
    }

    /// <summary>RTP packets received so far (RTCP excluded), in arrival order.</summary>
    public IReadOnlyList<(RtpHeader Header, byte[] Payload)> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public int ReceivedCount
    {
        get
        {
            lock (_received)
            {
                return _received.Count;
            }
        }
    }

    /// <summary>Forgets what was received so far.</summary>
    public void ClearReceived()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    /// <summary>Decodes the received audio packets (payload type <paramref name="payloadType"/>) in sequence order into 48 kHz samples.</summary>
    public float[] DecodeReceived(ICodecFactory codecs, CodecProfile profile, byte payloadType)
    {
        var packets = Received.Where(p => p.Header.PayloadType == payloadType).ToList();
        using var decoder = codecs.CreateDecoder(profile);
        var output = new List<float>(packets.Count * AudioFormat.FrameSamples);
        var frame = new float[AudioFormat.SampleRate / 1000 * 120];
        foreach (var (_, payload) in packets)
        {
            var samples = decoder.Decode(payload, frame);
            output.AddRange(frame.AsSpan(0, samples));
        }

        return [.. output];
    }

    /// <summary>Sends DTMF digits as RFC 4733 events (payload type <paramref name="payloadType"/>): each digit 100 ms, three end packets, 60 ms apart.</summary>
    public async Task SendDtmfAsync(string digits, byte payloadType = 101)
    {
        var buffer = new byte[RtpPacketWriter.Size(TelephoneEvent.Size)];
        var payload = new byte[TelephoneEvent.Size];
        foreach (var digit in digits)
        {
            var code = (byte)TelephoneEvent.FromDigit(digit);
            var start = _timestamp;
            for (var i = 1; i <= 5; i++)
            {
                new TelephoneEvent(code, false, 10, (ushort)(i * 160)).Write(payload);
                Send(buffer, marker: i == 1, payloadType, start, payload);
                await Task.Delay(20);
            }

            for (var i = 0; i < 3; i++)
            {
                new TelephoneEvent(code, true, 10, 800).Write(payload);
                Send(buffer, marker: false, payloadType, start, payload);
            }

            _timestamp += 800 + 480;
            await Task.Delay(60);
        }
    }

    /// <summary>Talks: encodes <paramref name="audio"/> (48 kHz) as 20 ms Opus packets and sends them paced in real time.</summary>
    public void Talk(ICodecFactory codecs, ReadOnlySpan<float> audio, byte payloadType, CancellationToken cancellationToken)
    {
        using var encoder = codecs.CreateEncoder(CodecProfile.Opus());
        var opus = new byte[AudioFormat.MaxPacketBytes];
        var buffer = new byte[RtpPacketWriter.Size(AudioFormat.MaxPacketBytes)];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; (i + 1) * AudioFormat.FrameSamples <= audio.Length && !cancellationToken.IsCancellationRequested; i++)
        {
            var length = encoder.Encode(audio.Slice(i * AudioFormat.FrameSamples, AudioFormat.FrameSamples), opus);
            var due = start + (long)(i * 0.020 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.Sleep(1);
            }

            Send(buffer, marker: i == 0, payloadType, _timestamp, opus.AsSpan(0, length));
            _timestamp += AudioFormat.FrameSamples;
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _receiver.Join(1000);
        _socket.Dispose();
    }

    private void Send(byte[] buffer, bool marker, byte payloadType, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var length = RtpPacketWriter.Write(buffer, marker, payloadType, _sequence++, timestamp, _ssrc, payload);
        _socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, _gateway);
    }

    private void Receive()
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
            catch (ObjectDisposedException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, n);
            if (RtpPacketReader.IsRtcp(datagram) || !RtpPacketReader.TryRead(datagram, out var header, out _))
            {
                continue;
            }

            lock (_received)
            {
                _received.Add((header, header.Payload(datagram).ToArray()));
            }
        }
    }
}
