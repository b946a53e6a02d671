using System.Buffers.Binary;
using System.Text;
using Gateway.Audio.Codecs.Opus;

namespace Gateway.Audio.Files;

/// <summary>
/// Writes already-encoded mono Opus packets into an Ogg Opus stream (RFC 7845): OpusHead alone on the first page,
/// OpusTags on the second, then audio pages whose granule position counts 48 kHz samples including the pre-skip.
/// Packets are stored untouched, so a recording keeps the source's frames without a transcode.
/// Allocation-free per packet.
/// </summary>
public sealed class OggOpusWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly OggPageWriter _pages;
    private readonly int _maxPageSamples;
    private int _pageSamples;
    private bool _completed;

    public OggOpusWriter(Stream stream, OggOpusWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new OggOpusWriterOptions();
        if (options.PreSkip is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PreSkip, "OggOpusWriterOptions.PreSkip must be 0..65535.");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _maxPageSamples = Math.Max(960, options.MaxPageSamples);
        var serial = options.SerialNumber != 0 ? options.SerialNumber : Random.Shared.Next(1, int.MaxValue);
        _pages = new OggPageWriter(stream, serial);
        PreSkip = options.PreSkip;
        GranulePosition = 0;

        _pages.Add(BuildHead(options));
        _pages.Flush(0, beginOfStream: true, endOfStream: false);
        var tags = BuildTags(options);
        if (!_pages.Fits(tags.Length))
        {
            throw new ArgumentException($"The comment header ({tags.Length} bytes) exceeds one Ogg page.", nameof(options));
        }

        _pages.Add(tags);
        _pages.Flush(0, beginOfStream: false, endOfStream: false);
    }

    public int PreSkip { get; }

    /// <summary>48 kHz samples of all packets written so far (the granule of the last completed packet).</summary>
    public long GranulePosition { get; private set; }

    /// <summary>Playable duration so far (granule minus pre-skip).</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Math.Max(0, GranulePosition - PreSkip) / (double)AudioFormat.SampleRate);

    /// <summary>Appends one Opus packet (2.5..120 ms). Throws <see cref="InvalidDataException"/> for a malformed TOC.</summary>
    public void WritePacket(ReadOnlySpan<byte> opusPacket)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var samples = OpusPacket.GetSampleCount(opusPacket);
        if (samples < 0 || opusPacket.Length > AudioFormat.MaxPacketBytes * 6)
        {
            throw new InvalidDataException($"Not a valid Opus packet ({opusPacket.Length} bytes).");
        }

        if (!_pages.Fits(opusPacket.Length))
        {
            FlushPage(endOfStream: false);
        }

        _pages.Add(opusPacket);
        GranulePosition += samples;
        _pageSamples += samples;
        if (_pageSamples >= _maxPageSamples)
        {
            FlushPage(endOfStream: false);
        }
    }

    /// <summary>Writes pending packets as a page and flushes the stream.</summary>
    public void Flush()
    {
        if (_pages.PendingPackets > 0)
        {
            FlushPage(endOfStream: false);
        }

        _stream.Flush();
    }

    /// <summary>Ends the logical stream (EOS page). Called by Dispose.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        FlushPage(endOfStream: true);
        _stream.Flush();
        _completed = true;
    }

    public void Dispose()
    {
        Complete();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void FlushPage(bool endOfStream)
    {
        _pages.Flush(GranulePosition, beginOfStream: false, endOfStream);
        _pageSamples = 0;
    }

    private static byte[] BuildHead(OggOpusWriterOptions options)
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = 1; // channels
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), (ushort)options.PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), (uint)options.InputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(head.AsSpan(16), 0); // output gain
        head[18] = 0; // mapping family 0: mono/stereo, no table
        return head;
    }

    private static byte[] BuildTags(OggOpusWriterOptions options)
    {
        using var ms = new MemoryStream();
        Span<byte> u32 = stackalloc byte[4];
        ms.Write("OpusTags"u8);
        var vendor = Encoding.UTF8.GetBytes(options.Vendor);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)vendor.Length);
        ms.Write(u32);
        ms.Write(vendor);
        BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)options.Comments.Count);
        ms.Write(u32);
        foreach (var (key, value) in options.Comments)
        {
            ValidateKey(key);
            var bytes = Encoding.UTF8.GetBytes(key + "=" + value);
            BinaryPrimitives.WriteUInt32LittleEndian(u32, (uint)bytes.Length);
            ms.Write(u32);
            ms.Write(bytes);
        }

        return ms.ToArray();
    }

    private static void ValidateKey(string key)
    {
        if (key.Length == 0 || key.Any(c => c is < (char)0x20 or > (char)0x7D or '='))
        {
            throw new ArgumentException($"Invalid Ogg comment key '{key}': ASCII 0x20-0x7D without '=' required.", nameof(key));
        }
    }
}
