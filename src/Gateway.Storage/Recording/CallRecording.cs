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

    private readonly List<OpenSegment> _segments = [];
    private readonly FileStream _file;
    private readonly OggOpusWriter _writer;
    private readonly ICodecFactory _codecs;
    private readonly int _bitrate;
    private readonly byte[] _encoded = new byte[AudioFormat.MaxPacketBytes];
    private IAudioEncoder? _encoder;
    private Talker? _segmentTalker;
    private DateTimeOffset _segmentFirstSeen;
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

    /// <summary>Frames that could not be written (not Opus and no PCM to encode).</summary>
    public long Skipped { get; private set; }

    /// <summary>
    /// Appends one routed frame. Opus payloads are written untouched; anything else is encoded once from its PCM.
    /// <paramref name="now"/> is when the recorder saw it (the segment's time when its grant is never seen).
    /// </summary>
    public void Write(MediaPacket packet, DateTimeOffset now)
    {
        var talker = packet.Talker;
        if (talker is not null && ((packet.Flags & FrameFlags.StartOfTransmission) != 0 || !ReferenceEquals(talker, _segmentTalker)))
        {
            CloseSegment();
            _segmentTalker = talker;
            _segmentFirstSeen = now;
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

    /// <summary>
    /// Ends the stream and rewrites the file with the talkers in its comments; returns its index entry.
    /// <paramref name="grantTimes"/> gives, per talker (by reference: the router hands the grant's own Talker object
    /// with every frame), the grant times of the call in order, so each segment gets its transmission's start even when
    /// frames overtook the grant event.
    /// </summary>
    public RecordingInfo Complete(DateTimeOffset endedAt, IReadOnlyDictionary<Talker, Queue<DateTimeOffset>> grantTimes)
    {
        CloseSegment();
        _writer.Complete();
        _file.Dispose();
        _completed = true;
        var segments = ResolveSegments(grantTimes);

        var options = BaseOptions(Call, TalkGroup, StartedAt);
        options.AddComment("CALL_END", endedAt.ToString("O", CultureInfo.InvariantCulture));
        foreach (var segment in segments)
        {
            // One comment per transmission: offset in the file, length, wall-clock start, talker (unit, endpoint).
            options.AddComment("TRANSMISSION", string.Create(CultureInfo.InvariantCulture,
                $"{segment.Sequence};offset={segment.Offset.TotalSeconds:F3};duration={segment.Duration.TotalSeconds:F3};at={segment.ReceivedAt:O};talker={segment.TalkerName};unit={segment.Unit?.Value};endpoint={segment.Endpoint.Value}"));
        }

        Rewrite(options);
        return new RecordingInfo(Call, TalkGroup, RelativePath, StartedAt, endedAt, Duration, new FileInfo(FullPath).Length, Complete: true, segments);
    }

    /// <summary>The index entry of the file as opened (no segments yet).</summary>
    public RecordingInfo Opened() => new(Call, TalkGroup, RelativePath, StartedAt, null, TimeSpan.Zero, 0, Complete: false, []);

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
            _segments.Add(new OpenSegment(talker, _segmentFirstSeen, _segmentStartSamples, _samples - _segmentStartSamples));
        }

        _segmentTalker = null;
    }

    private List<RecordingSegment> ResolveSegments(IReadOnlyDictionary<Talker, Queue<DateTimeOffset>> grantTimes)
    {
        var resolved = new List<RecordingSegment>(_segments.Count);
        foreach (var segment in _segments)
        {
            var at = grantTimes.TryGetValue(segment.Talker, out var times) && times.TryDequeue(out var granted) ? granted : segment.FirstSeen;
            resolved.Add(new RecordingSegment(
                resolved.Count + 1,
                segment.Talker.Endpoint,
                segment.Talker.Unit,
                segment.Talker.DisplayName,
                at,
                Samples(segment.StartSamples),
                Samples(segment.LengthSamples)));
        }

        return resolved;
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

    private sealed record OpenSegment(Talker Talker, DateTimeOffset FirstSeen, long StartSamples, long LengthSamples);
}
