using System.Diagnostics;
using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.LoadTest;

/// <summary>
/// After the run: turns each transcoded Opus listener's captured packets into talker frame numbers. A packet's audio is
/// decoded and its <see cref="FrameTone"/> residue detected, which names its frame modulo 32. Which of those frames:
/// the one nearest to the frame the group's PCMU anchor listener (<see cref="FrameArrivals"/>) received at about the
/// same instant; the gateway sends both copies of a frame in one routing call, so that is exact whatever the delay
/// (a plain "newest frame sent with this residue" aliases once an overloaded machine delays packets beyond the 640 ms
/// tone cycle, and an overloaded gateway that drops 32+ frames at once breaks "the next one after the previous packet's").
/// Without an anchor packet nearby (or without PCMU listeners) those two rules are the fallback.
/// A packet repeating its predecessor's frame is the gateway's packet-loss concealment for a frame that did not arrive
/// in time (the PCMU listeners see those as payloads that are not ours): it is counted as a repeat, not as a frame.
/// Each frame is then marked received at that listener (a second arrival is a duplicate) and its delay is exact:
/// arrival minus that frame's send time.
/// The gateway encodes once per group, so a group's listeners receive byte-identical payloads: the first listener's
/// stream is decoded in order (Opus decoding is stateful), and the others look their payloads up by hash; only a payload
/// the first listener never got is decoded from the listener's own stream (its decoder primed with the packets before).
/// Cross-check against the RTP sequence numbers the gateway gave the stream: between consecutive packets the frame number
/// may advance more than the sequence number (the gateway never sent those frames: they were lost before its encoder),
/// but never less (a packet lost on the way advances both alike). Less, or a frame not yet sent when its packet
/// arrived, is an identity error (a wrong tone) and is counted as an inconsistency; 0 inconsistencies means every
/// identified frame fits the stream exactly.
/// </summary>
internal sealed class TranscodedResolver
{
    private const int Priming = 3;
    private const long Repeat = -2;

    // The anchor's copy of a frame arrives within microseconds of the transcoded one; 100 ms still finds a neighbour
    // when the anchor lost that very packet, and is far below the ±320 ms that would make the nearest tone ambiguous.
    private static readonly long AnchorTolerance = Stopwatch.Frequency / 10;
    private readonly ICodecFactory _codecs;
    private readonly FrameToneDetector _detector = new();
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples * 6];

    public TranscodedResolver(ICodecFactory codecs) => _codecs = codecs;

    /// <summary>Opus payloads decoded (the rest were resolved by payload hash).</summary>
    public long Decoded { get; private set; }

    /// <summary>Frames after warm-up missing inside listener streams without a gap in the RTP sequence: never sent by the gateway.</summary>
    public long FramesSkippedInStream { get; private set; }

    /// <summary>Packets whose frame advanced less than their RTP sequence number, or lay in the future (0 when every identity is right).</summary>
    public long Inconsistencies { get; private set; }

    /// <summary>Packets repeating the previous packet's tone: the gateway concealed a frame that was missing.</summary>
    public long Repeats { get; private set; }

    /// <summary>Packets without a clear tone whose frame followed from the RTP sequence between identified neighbours.</summary>
    public long InferredFromSequence { get; private set; }

    /// <summary>Packets resolved through their group's PCMU anchor (the rest by the fallback rules).</summary>
    public long Anchored { get; private set; }

    public void Resolve(IReadOnlyList<Listener> listeners, long timedFromFrame, DelayHistogram delays)
    {
        var anchors = listeners.Where(l => l.ArrivalLog is not null && l.Talker is not null).ToDictionary(l => l.Talker!, l => l.ArrivalLog!);
        foreach (var group in listeners.Where(l => l.Capture is not null && l.Talker is not null).GroupBy(l => l.Talker!))
        {
            var residueByPayload = new Dictionary<ulong, int>();
            foreach (var listener in group)
            {
                ResolveListener(listener, group.Key, anchors.GetValueOrDefault(group.Key), residueByPayload, timedFromFrame, delays);
            }
        }
    }

    private void ResolveListener(Listener listener, Talker talker, FrameArrivals? anchor, Dictionary<ulong, int> residueByPayload, long timedFromFrame, DelayHistogram delays)
    {
        var capture = listener.Capture!;
        var frames = new long[capture.Count];
        Identify(capture, talker, anchor, residueByPayload, frames, timedFromFrame);
        InferFromSequence(capture, frames);
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = frames[i];
            if (frame == Repeat)
            {
                continue;
            }

            if (frame < 0)
            {
                listener.Unresolved++;
            }
            else if (!listener.Mark(frame))
            {
                listener.Duplicates++;
            }
            else if (frame >= timedFromFrame)
            {
                delays.Add((capture.Arrival(i) - talker.SendTimestamp(frame)) * 1_000_000.0 / Stopwatch.Frequency);
            }
        }
    }

    /// <summary>Each packet's frame from its tone (see the class comment), <see cref="Repeat"/>, or -1 (unresolved).</summary>
    private void Identify(OpusCapture capture, Talker talker, FrameArrivals? anchor, Dictionary<ulong, int> residueByPayload, long[] frames, long timedFromFrame)
    {
        using var decoder = _codecs.CreateDecoder(CodecProfile.Opus());
        var decodeInOrder = residueByPayload.Count == 0; // the group's first listener: decode its whole stream
        long previousFrame = -1;
        var previousSequence = 0;
        for (var i = 0; i < capture.Count; i++)
        {
            frames[i] = -1;
            var payload = capture.Payload(i);
            var hash = TestPayloads.Hash(payload);
            int residue;
            if (decodeInOrder)
            {
                residue = DecodeAndDetect(decoder, payload);
                residueByPayload.TryAdd(hash, residue);
            }
            else if (!residueByPayload.TryGetValue(hash, out residue))
            {
                decoder.Reset();
                for (var p = Math.Max(0, i - Priming); p < i; p++)
                {
                    DecodeAndDetect(decoder, capture.Payload(p));
                }

                residue = DecodeAndDetect(decoder, payload);
            }

            var lastSent = talker.LastSentAt(capture.Arrival(i));
            if (residue < 0 || lastSent < 0)
            {
                continue;
            }

            var sequenceStep = (ushort)(capture.Sequence(i) - previousSequence);
            var nearby = anchor?.NearestFrame(capture.Arrival(i), AnchorTolerance) ?? -1;
            long frame;
            if (nearby >= 0)
            {
                frame = FrameTone.NearestWithResidue(nearby, residue);
                Anchored++;
            }
            else if (previousFrame < 0)
            {
                frame = FrameTone.NewestWithResidue(lastSent, residue);
            }
            else
            {
                frame = residue == FrameTone.Residue(previousFrame) ? previousFrame : FrameTone.NextWithResidue(previousFrame, residue);
            }

            if (frame == previousFrame)
            {
                Repeats++;
                frames[i] = Repeat;
                previousSequence = capture.Sequence(i);
                continue;
            }

            if (frame < 0 || frame > lastSent || frame < previousFrame)
            {
                Inconsistencies++; // not sent yet when the packet arrived, or behind the stream
                continue;
            }

            if (previousFrame >= 0)
            {
                var frameStep = frame - previousFrame;
                if (frameStep > sequenceStep && previousFrame + 1 >= timedFromFrame)
                {
                    FramesSkippedInStream += frameStep - sequenceStep;
                }
                else if (frameStep < sequenceStep)
                {
                    Inconsistencies++;
                }
            }

            frames[i] = frame;
            previousFrame = frame;
            previousSequence = capture.Sequence(i);
        }
    }

    /// <summary>
    /// Unresolved packets (no clear tone: typically the frame right after the gateway's concealment, whose audio the
    /// decoder cross-fades) between two identified packets whose frames advance exactly as their RTP sequence numbers
    /// do: nothing was skipped or repeated in between, so each packet's frame follows from its sequence number.
    /// </summary>
    private void InferFromSequence(OpusCapture capture, long[] frames)
    {
        var before = -1;
        for (var i = 0; i < frames.Length; i++)
        {
            if (frames[i] == -1 || frames[i] == Repeat)
            {
                if (frames[i] == Repeat)
                {
                    before = -1; // a repeat between them breaks the one-packet-per-frame run
                }

                continue;
            }

            if (before >= 0 && i - before > 1
                && frames[i] - frames[before] == (ushort)(capture.Sequence(i) - capture.Sequence(before)))
            {
                for (var u = before + 1; u < i; u++)
                {
                    frames[u] = frames[before] + (ushort)(capture.Sequence(u) - capture.Sequence(before));
                    InferredFromSequence++;
                }
            }

            before = i;
        }
    }

    private int DecodeAndDetect(IAudioDecoder decoder, ReadOnlySpan<byte> payload)
    {
        Decoded++;
        try
        {
            var samples = decoder.Decode(payload, _pcm);
            return samples == AudioFormat.FrameSamples ? _detector.Detect(_pcm.AsSpan(0, samples)) : -1;
        }
        catch (InvalidDataException)
        {
            return -1; // a malformed payload carries no identity: unresolved
        }
    }
}
