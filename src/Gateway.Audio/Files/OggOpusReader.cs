using System.Buffers.Binary;
using System.Text;
using Gateway.Audio.Codecs;
using Gateway.Audio.Codecs.Opus;

namespace Gateway.Audio.Files;

/// <summary>
/// Reads Opus packets from an Ogg Opus stream (RFC 7845): verifies page CRCs, reassembles packets that span pages,
/// parses OpusHead and OpusTags. Only the first logical stream is read; pages of other streams are skipped.
/// </summary>
public sealed class OggOpusReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[27];
    private readonly byte[] _lacing = new byte[255];
    private readonly byte[] _body = new byte[255 * 255];
    private byte[] _packet = new byte[8192];
    private int _packetLength;
    private int _segmentCount;
    private int _segmentIndex;
    private int _bodyOffset;
    private bool _lastPageEnded;
    private int? _serial;
    private readonly List<KeyValuePair<string, string>> _comments = [];

    public OggOpusReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        if (!NextPacket() || _packetLength < 19 || !_packet.AsSpan(0, 8).SequenceEqual("OpusHead"u8))
        {
            throw new InvalidDataException("Not an Ogg Opus stream: the first packet is not an OpusHead.");
        }

        var head = _packet.AsSpan(0, _packetLength);
        Header = new OggOpusHeader(
            head[8],
            head[9],
            BinaryPrimitives.ReadUInt16LittleEndian(head[10..]),
            (int)BinaryPrimitives.ReadUInt32LittleEndian(head[12..]),
            BinaryPrimitives.ReadInt16LittleEndian(head[16..]),
            head[18]);
        if ((Header.Version & 0xF0) != 0 || Header.Channels == 0)
        {
            throw new InvalidDataException($"Unsupported OpusHead (version {Header.Version}, channels {Header.Channels}).");
        }

        if (!NextPacket() || _packetLength < 16 || !_packet.AsSpan(0, 8).SequenceEqual("OpusTags"u8))
        {
            throw new InvalidDataException("Ogg Opus stream has no OpusTags comment header.");
        }

        Vendor = ParseTags(_packet.AsSpan(0, _packetLength), _comments);
    }

    public OggOpusHeader Header { get; }

    public string Vendor { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Comments => _comments;

    /// <summary>Granule position of the last page read (48 kHz samples including pre-skip); -1 before any audio page.</summary>
    public long GranulePosition { get; private set; } = -1;

    /// <summary>Number of pages whose CRC did not match (they are skipped).</summary>
    public int CorruptPages { get; private set; }

    /// <summary>Copies the next Opus packet into <paramref name="destination"/>; returns its length, or -1 at the end.</summary>
    public int ReadPacket(Span<byte> destination)
    {
        if (!NextPacket())
        {
            return -1;
        }

        if (destination.Length < _packetLength)
        {
            throw new ArgumentException($"The buffer holds {destination.Length} bytes; the packet has {_packetLength}.", nameof(destination));
        }

        _packet.AsSpan(0, _packetLength).CopyTo(destination);
        return _packetLength;
    }

    /// <summary>Decodes a whole file to 48 kHz mono, dropping the pre-skip and trimming the end to the final granule.</summary>
    public static float[] DecodeFile(string path, ICodecFactory factory)
    {
        using var reader = new OggOpusReader(File.OpenRead(path));
        return reader.DecodeToEnd(factory);
    }

    /// <summary>Decodes the remaining packets (see <see cref="DecodeFile"/>).</summary>
    public float[] DecodeToEnd(ICodecFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var decoder = factory.CreateDecoder(CodecProfile.Opus());
        var pcm = new List<float>();
        var packet = new byte[255 * 255];
        var frame = new float[OpusPacket.MaxSamples];
        int length;
        while ((length = ReadPacket(packet)) >= 0)
        {
            try
            {
                var n = decoder.Decode(packet.AsSpan(0, length), frame);
                pcm.AddRange(frame.AsSpan(0, n));
            }
            catch (InvalidDataException)
            {
                // A damaged packet: keep timing with concealment.
                var samples = Math.Max(OpusPacket.GetSampleCount(packet.AsSpan(0, length)), AudioFormat.FrameSamples);
                var n = decoder.DecodeLost(ReadOnlySpan<byte>.Empty, frame, samples);
                pcm.AddRange(frame.AsSpan(0, n));
            }
        }

        var start = Math.Min(Header.PreSkip, pcm.Count);
        var end = GranulePosition >= 0 ? (int)Math.Clamp(GranulePosition, start, pcm.Count) : pcm.Count;
        return pcm.GetRange(start, end - start).ToArray();
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private bool NextPacket()
    {
        _packetLength = 0;
        while (true)
        {
            while (_segmentIndex < _segmentCount)
            {
                int len = _lacing[_segmentIndex++];
                Append(_body.AsSpan(_bodyOffset, len));
                _bodyOffset += len;
                if (len < 255)
                {
                    return true;
                }
            }

            if (_lastPageEnded || !ReadPage(out var continued))
            {
                return false;
            }

            if (!continued && _packetLength > 0)
            {
                // The previous page promised a continuation that never came: drop the fragment.
                _packetLength = 0;
            }
            else if (continued && _packetLength == 0)
            {
                // A continuation of a packet we never saw the start of (e.g. after a corrupt page): skip it.
                while (_segmentIndex < _segmentCount)
                {
                    int len = _lacing[_segmentIndex++];
                    _bodyOffset += len;
                    if (len < 255)
                    {
                        break;
                    }
                }
            }
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_packetLength + data.Length > _packet.Length)
        {
            Array.Resize(ref _packet, Math.Max(_packet.Length * 2, _packetLength + data.Length));
        }

        data.CopyTo(_packet.AsSpan(_packetLength));
        _packetLength += data.Length;
    }

    private bool ReadPage(out bool continued)
    {
        continued = false;
        while (true)
        {
            if (!ReadExactly(_header))
            {
                return false;
            }

            if (!_header.AsSpan(0, 4).SequenceEqual("OggS"u8) || _header[4] != 0)
            {
                throw new InvalidDataException($"Bad Ogg page header at offset {(_stream.CanSeek ? _stream.Position - 27 : -1)}.");
            }

            var segments = _header[26];
            if (!ReadExactly(_lacing.AsSpan(0, segments)))
            {
                return false;
            }

            var bodyLength = 0;
            for (var i = 0; i < segments; i++)
            {
                bodyLength += _lacing[i];
            }

            if (!ReadExactly(_body.AsSpan(0, bodyLength)))
            {
                return false;
            }

            var serial = BinaryPrimitives.ReadInt32LittleEndian(_header.AsSpan(14));
            _serial ??= serial;
            if (serial != _serial)
            {
                continue;
            }

            var expected = BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(22));
            _header.AsSpan(22, 4).Clear();
            var crc = OggCrc.Compute(_header);
            crc = OggCrc.Compute(_lacing.AsSpan(0, segments), crc);
            crc = OggCrc.Compute(_body.AsSpan(0, bodyLength), crc);
            if (crc != expected)
            {
                CorruptPages++;
                _packetLength = 0;
                continue;
            }

            var granule = BinaryPrimitives.ReadInt64LittleEndian(_header.AsSpan(6));
            if (granule != -1)
            {
                GranulePosition = granule;
            }

            continued = (_header[5] & 0x01) != 0;
            _lastPageEnded = (_header[5] & 0x04) != 0;
            _segmentCount = segments;
            _segmentIndex = 0;
            _bodyOffset = 0;
            return true;
        }
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = _stream.Read(buffer[read..]);
            if (n == 0)
            {
                if (read == 0)
                {
                    return false;
                }

                throw new InvalidDataException("Ogg stream ends inside a page.");
            }

            read += n;
        }

        return true;
    }

    private static string ParseTags(ReadOnlySpan<byte> tags, List<KeyValuePair<string, string>> comments)
    {
        var offset = 8;
        var vendor = ReadString(tags, ref offset, "vendor");
        var count = ReadLength(tags, ref offset, "comment count");
        for (var i = 0; i < count; i++)
        {
            var comment = ReadString(tags, ref offset, "comment");
            var eq = comment.IndexOf('=', StringComparison.Ordinal);
            comments.Add(eq < 0 ? new(comment, string.Empty) : new(comment[..eq], comment[(eq + 1)..]));
        }

        return vendor;
    }

    private static int ReadLength(ReadOnlySpan<byte> data, ref int offset, string field)
    {
        if (offset + 4 > data.Length)
        {
            throw new InvalidDataException($"OpusTags truncated at the {field} length.");
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
        offset += 4;
        return value > int.MaxValue ? throw new InvalidDataException($"OpusTags {field} too large.") : (int)value;
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int offset, string field)
    {
        var length = ReadLength(data, ref offset, field);
        if (offset + length > data.Length)
        {
            throw new InvalidDataException($"OpusTags {field} ({length} bytes) runs past the header.");
        }

        var value = Encoding.UTF8.GetString(data.Slice(offset, length));
        offset += length;
        return value;
    }
}
