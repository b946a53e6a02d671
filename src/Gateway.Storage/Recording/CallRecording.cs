using System.Globalization;
using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Audio.Files;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Recording;

/// <summary>
/// One call's Ogg Opus file while it is being written. Voice is written back to back (the gaps between transmissions
/// are not recorded); each talker's stretch is a <see cref="RecordingSegment"/>. Pages reach the OS at least once per
/// second of audio (unbuffered file stream), so a killed process leaves a playable file up to its last second.
/// When the call ends, <see cref="Complete"/> rewrites the header with one comment per transmission.
/// </summary>
internal sealed class CallRecording : IDisposable
{
    private const int PreSkip = 312;

    private readonly List<RecordingSegment> _segments = [];
    private readonly FileStream _file;
    private readonly OggOpusWriter _writer;
    private readonly ICodecFactory _codecs;
    private readonly int _bitrate;
    private readonly byte[] _encoded = new byte[AudioFormat.MaxPacketBytes];
    private IAudioEncoder? _encoder;
    private Talker? _segmentTalker;
    private DateTimeOffset _segmentAt;
    private long _segmentStartSamples;
    private long _samples;
    private bool _completed;

    public CallRecording(CallId call, TalkGroupId group, DateTimeOffset startedAt, string root, ICodecFactory codecs, int bitrate)
    {
        Call = call;
        TalkGroup = group;
        StartedAt = startedAt;
        _codecs = codecs;
        _bitrate = bitrate;
        RelativePath = RecordingPaths.Relative(startedAt, group, call);
        FullPath = RecordingPaths.Full(root, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(FullPath)!);

        // bufferSize 0: every Ogg page goes straight to the OS, so a crash loses at most the page being filled.
        _file = new FileStream(FullPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        _writer = new OggOpusWriter(_file, BaseOptions(call, group, startedAt), leaveOpen: true);
    }

    public CallId Call { get; }

    public TalkGroupId TalkGroup { get; }

    public DateTimeOffset StartedAt { get; }

    public string RelativePath { get; }

    public string FullPath { get; }

    /// <summary>Audio written so far.</summary>
    public TimeSpan Duration => Samples(_samples);

    public IReadOnlyList<RecordingSegment> Segments => _segments;

    /// <summary>Frames that could not be written (not Opus and no PCM to encode).</summary>
    public long Skipped { get; private set; }

    /// <summary>
    /// Appends one routed frame. Opus payloads are written untouched; anything else is encoded once from its PCM.
    /// <paramref name="grantedAt"/> is the wall-clock start of the talker's transmission, for its segment.
    /// </summary>
    public void Write(MediaPacket packet, DateTimeOffset grantedAt)
    {
        var talker = packet.Talker;
        if (talker is not null && ((packet.Flags & FrameFlags.StartOfTransmission) != 0 || !ReferenceEquals(talker, _segmentTalker)))
        {
            CloseSegment();
            _segmentTalker = talker;
            _segmentAt = grantedAt;
            _segmentStartSamples = _samples;
        }

        ReadOnlySpan<byte> opus;
        if (packet.PayloadLength > 0 && packet.Profile.Codec == CodecKind.Opus)
        {
            opus = packet.Payload;
        }
        else if (packet.HasPcm)
        {
            _encoder ??= _codecs.CreateEncoder(CodecProfile.Opus(_bitrate));
            opus = _encoded.AsSpan(0, _encoder.Encode(packet.Pcm, _encoded));
        }
        else
        {
            if (packet.Samples > 0)
            {
                Skipped++;
            }

            if ((packet.Flags & FrameFlags.EndOfTransmission) != 0)
            {
                CloseSegment();
            }

            return;
        }

        var before = _writer.GranulePosition;
        _writer.WritePacket(opus);
        _samples += _writer.GranulePosition - before;
        if ((packet.Flags & FrameFlags.EndOfTransmission) != 0)
        {
            CloseSegment();
        }
    }

    /// <summary>Ends the stream and rewrites the file with the talkers in its comments; returns its index entry.</summary>
    public RecordingInfo Complete(DateTimeOffset endedAt)
    {
        CloseSegment();
        _writer.Complete();
        _file.Dispose();
        _completed = true;

        var options = BaseOptions(Call, TalkGroup, StartedAt);
        options.AddComment("CALL_END", endedAt.ToString("O", CultureInfo.InvariantCulture));
        foreach (var segment in _segments)
        {
            // One comment per transmission: offset in the file, length, wall-clock start, talker (unit, endpoint).
            options.AddComment("TRANSMISSION", string.Create(CultureInfo.InvariantCulture,
                $"{segment.Sequence};offset={segment.Offset.TotalSeconds:F3};duration={segment.Duration.TotalSeconds:F3};at={segment.ReceivedAt:O};talker={segment.TalkerName};unit={segment.Unit?.Value};endpoint={segment.Endpoint.Value}"));
        }

        Rewrite(options);
        return Info(endedAt, complete: true);
    }

    public RecordingInfo Info(DateTimeOffset? endedAt, bool complete) =>
        new(Call, TalkGroup, RelativePath, StartedAt, endedAt, Duration, complete ? new FileInfo(FullPath).Length : 0, complete, [.. _segments]);

    public void Dispose()
    {
        if (!_completed)
        {
            _writer.Dispose();
            _file.Dispose();
            _completed = true;
        }

        _encoder?.Dispose();
    }

    private static TimeSpan Samples(long samples) => TimeSpan.FromMilliseconds(samples * 1000 / AudioFormat.SampleRate);

    private static OggOpusWriterOptions BaseOptions(CallId call, TalkGroupId group, DateTimeOffset startedAt)
    {
        var options = new OggOpusWriterOptions { PreSkip = PreSkip, Vendor = "Gateway recorder" };
        options.AddComment("TITLE", string.Create(CultureInfo.InvariantCulture, $"{group.Value} call {startedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
        options.AddComment("TALKGROUP", group.Value);
        options.AddComment("CALL_ID", call.Value);
        options.AddComment("DATE", startedAt.ToString("O", CultureInfo.InvariantCulture));
        return options;
    }

    private void CloseSegment()
    {
        if (_segmentTalker is not { } talker)
        {
            return;
        }

        if (_samples > _segmentStartSamples)
        {
            _segments.Add(new RecordingSegment(
                _segments.Count + 1,
                talker.Endpoint,
                talker.Unit,
                talker.DisplayName,
                _segmentAt,
                Samples(_segmentStartSamples),
                Samples(_samples - _segmentStartSamples)));
        }

        _segmentTalker = null;
    }

    /// <summary>Copies the packets into a new file with the final comments, then replaces the original atomically.</summary>
    private void Rewrite(OggOpusWriterOptions options)
    {
        var temporary = FullPath + ".tmp";
        var packet = new byte[255 * 255];
        using (var reader = new OggOpusReader(new FileStream(FullPath, FileMode.Open, FileAccess.Read, FileShare.Read)))
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new OggOpusWriter(output, options, leaveOpen: true))
        {
            int length;
            while ((length = reader.ReadPacket(packet)) >= 0)
            {
                writer.WritePacket(packet.AsSpan(0, length));
            }

            writer.Complete();
            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, FullPath, overwrite: true);
    }
}
