using BenchmarkDotNet.Attributes;
using Gateway.Connectors.Mumble.Protocol;

namespace Gateway.Benchmarks.Mumble;

/// <summary>
/// Per-packet cost of the Mumble 1.3 legacy voice packet (header byte, varint session/sequence, Opus length varint with the
/// terminator bit) read and written, client and server direction
/// (run: dotnet run -c Release --project tests/Gateway.Benchmarks -- --filter '*VoicePacket*').
/// </summary>
[MemoryDiagnoser]
public class VoicePacketBenchmarks
{
    private readonly byte[] _opus = new byte[120];
    private readonly byte[] _fromServer = new byte[VoicePacketCodec.MaxPacketLength];
    private readonly byte[] _fromClient = new byte[VoicePacketCodec.MaxPacketLength];
    private readonly byte[] _output = new byte[VoicePacketCodec.MaxPacketLength];
    private int _fromServerLength;
    private int _fromClientLength;
    private long _sequence = 100_000;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_opus);
        _opus[0] = 0x78;
        _fromServerLength = VoicePacketCodec.WriteServer(_fromServer, session: 4711, sequence: 123_456, _opus, terminator: false);
        _fromClientLength = VoicePacketCodec.WriteClient(_fromClient, sequence: 123_456, _opus, terminator: true);
    }

    [Benchmark(Baseline = true)]
    public int ReadFromServer()
    {
        VoicePacketCodec.TryRead(_fromServer.AsSpan(0, _fromServerLength), fromServer: true, out var packet);
        return packet.Opus.Length + (int)packet.Session;
    }

    [Benchmark]
    public int ReadFromClient()
    {
        VoicePacketCodec.TryRead(_fromClient.AsSpan(0, _fromClientLength), fromServer: false, out var packet);
        return packet.Opus.Length + (packet.Terminator ? 1 : 0);
    }

    [Benchmark]
    public int WriteClient() => VoicePacketCodec.WriteClient(_output, _sequence += 2, _opus, terminator: false);

    [Benchmark]
    public int WriteServer() => VoicePacketCodec.WriteServer(_output, 4711, _sequence += 2, _opus, terminator: false);

    [Benchmark]
    public int ReadTruncatedFromServer()
    {
        // A malformed packet (Opus length beyond the datagram) must be rejected as cheaply as a good one is parsed.
        return VoicePacketCodec.TryRead(_fromServer.AsSpan(0, _fromServerLength - 10), fromServer: true, out _) ? 1 : 0;
    }
}
