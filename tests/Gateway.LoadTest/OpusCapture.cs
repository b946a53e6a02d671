namespace Gateway.LoadTest;

/// <summary>
/// What one transcoded Opus listener received, kept for resolving after the run: per packet its arrival time, RTP
/// sequence number and payload bytes, in preallocated arrays. Decoding in the receive thread would take CPU from the
/// gateway during the window (the machine has 2 cores); a copy of ~90 bytes per packet costs next to nothing.
/// </summary>
internal sealed class OpusCapture
{
    // Payloads are stored back to back, so only their average must fit: Opus at 32 kbit/s averages 80..100 bytes per
    // 20 ms frame. (A 30-minute soak tracking 50 listeners holds ~0.7 GB.)
    private const int BytesPerPacket = 128;

    private readonly long[] _arrivals;
    private readonly ushort[] _sequences;
    private readonly int[] _offsets;
    private readonly byte[] _data;
    private int _used;

    public OpusCapture(int maxPackets)
    {
        _arrivals = new long[maxPackets];
        _sequences = new ushort[maxPackets];
        _offsets = new int[maxPackets + 1];
        _data = new byte[maxPackets * BytesPerPacket];
    }

    public int Count { get; private set; }

    /// <summary>Packets that did not fit (more packets than the run can produce, or oversized payloads).</summary>
    public long Overflow { get; private set; }

    public void Add(long arrival, ushort sequence, ReadOnlySpan<byte> payload)
    {
        if (Count == _arrivals.Length || _used + payload.Length > _data.Length)
        {
            Overflow++;
            return;
        }

        payload.CopyTo(_data.AsSpan(_used));
        _used += payload.Length;
        _arrivals[Count] = arrival;
        _sequences[Count] = sequence;
        _offsets[++Count] = _used;
    }

    public long Arrival(int index) => _arrivals[index];

    public ushort Sequence(int index) => _sequences[index];

    public ReadOnlySpan<byte> Payload(int index) => _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
}
