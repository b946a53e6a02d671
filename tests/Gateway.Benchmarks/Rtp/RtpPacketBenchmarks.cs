using BenchmarkDotNet.Attributes;
using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Benchmarks.Rtp;

/// <summary>Per-packet cost of the RTP/RTCP readers and writers (run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*Rtp*').</summary>
[MemoryDiagnoser]
public class RtpPacketBenchmarks
{
    private readonly byte[] _opusPacket = new byte[12 + 120];
    private readonly byte[] _fullPacket = new byte[300];
    private readonly byte[] _payload = new byte[120];
    private readonly byte[] _output = new byte[1500];
    private readonly byte[] _compound = new byte[200];
    private readonly RtpSequenceTracker _tracker = new(minSequential: 1);
    private int _fullLength;
    private int _compoundLength;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_payload);
        _payload[0] = 0x78;
        RtpPacketWriter.Write(_opusPacket, true, 111, 1, 960, 0x12345678, _payload);
        _fullLength = RtpPacketWriter.Write(_fullPacket, false, 111, 1, 960, 0x12345678, _payload, [1, 2, 3], 0xBEDE, new byte[8], 4);
        _compoundLength = RtcpWriter.WriteSenderReport(_compound, 1, new RtcpSenderInfo(1, 2, 3, 4), [new RtcpReportBlock(5, 6, 7, 8, 9, 10, 11)]);
        _compoundLength += RtcpWriter.WriteSdesCname(_compound.AsSpan(_compoundLength), 1, "gateway@node"u8);
    }

    [Benchmark(Baseline = true)]
    public int ReadPlainOpusPacket()
    {
        RtpPacketReader.TryRead(_opusPacket, out var header, out _);
        return header.PayloadLength + OpusPayload.GetSamples(header.Payload(_opusPacket));
    }

    [Benchmark]
    public int ReadPacketWithCsrcExtensionPadding()
    {
        RtpPacketReader.TryRead(_fullPacket.AsSpan(0, _fullLength), out var header, out _);
        return header.PayloadLength;
    }

    [Benchmark]
    public int WriteOpusPacket() => RtpPacketWriter.Write(_output, false, 111, _sequence++, 960, 0x12345678, _payload);

    [Benchmark]
    public SequenceResult TrackSequence() => _tracker.Update(_sequence++);

    [Benchmark]
    public int ReadRtcpCompound()
    {
        var reader = new RtcpCompoundReader(_compound.AsSpan(0, _compoundLength));
        var n = 0;
        while (reader.TryReadNext(out var packet))
        {
            n += packet.ReportBlockCount;
        }

        return n;
    }
}
