using System.Buffers.Binary;

namespace Gateway.Audio.Files;

/// <summary>
/// Builds Ogg pages (RFC 3533) of whole packets into one reusable buffer. Packets never span pages here: callers
/// flush before a packet would overflow the 255-entry lacing table.
/// </summary>
internal sealed class OggPageWriter
{
    public const int MaxSegments = 255;
    private const int HeaderSize = 27;

    private readonly Stream _stream;
    private readonly int _serial;
    private readonly byte[] _page = new byte[HeaderSize + MaxSegments + (MaxSegments * 255)];
    private readonly byte[] _body = new byte[MaxSegments * 255];
    private int _segments;
    private int _bodyLength;
    private int _sequence;

    public OggPageWriter(Stream stream, int serial)
    {
        _stream = stream;
        _serial = serial;
    }

    public int PendingPackets { get; private set; }

    public int PagesWritten => _sequence;

    public static int SegmentsFor(int packetLength) => (packetLength / 255) + 1;

    public bool Fits(int packetLength) => _segments + SegmentsFor(packetLength) <= MaxSegments;

    public void Add(ReadOnlySpan<byte> packet)
    {
        if (!Fits(packet.Length))
        {
            throw new InvalidOperationException("Ogg page is full; flush first.");
        }

        // Lacing: 255 per full segment, then the remainder (0 when the length is a multiple of 255).
        var remaining = packet.Length;
        var lacing = _page.AsSpan(HeaderSize);
        while (remaining >= 255)
        {
            lacing[_segments++] = 255;
            remaining -= 255;
        }

        lacing[_segments++] = (byte)remaining;
        packet.CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += packet.Length;
        PendingPackets++;
    }

    /// <summary>Writes the pending packets (or an empty page) as one page.</summary>
    public void Flush(long granulePosition, bool beginOfStream, bool endOfStream)
    {
        var header = _page.AsSpan(0, HeaderSize);
        "OggS"u8.CopyTo(header);
        header[4] = 0;
        header[5] = (byte)((beginOfStream ? 0x02 : 0) | (endOfStream ? 0x04 : 0));
        BinaryPrimitives.WriteInt64LittleEndian(header[6..], granulePosition);
        BinaryPrimitives.WriteInt32LittleEndian(header[14..], _serial);
        BinaryPrimitives.WriteInt32LittleEndian(header[18..], _sequence++);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], 0);
        header[26] = (byte)_segments;
        _body.AsSpan(0, _bodyLength).CopyTo(_page.AsSpan(HeaderSize + _segments));
        var page = _page.AsSpan(0, HeaderSize + _segments + _bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.Compute(page));
        _stream.Write(page);
        _segments = 0;
        _bodyLength = 0;
        PendingPackets = 0;
    }
}
