using System.Diagnostics;
using Gateway.Audio;
using Gateway.Audio.Codecs;

namespace Gateway.LoadTest;

/// <summary>
/// After the run: turns each transcoded Opus listener's captured packets into talker frame numbers. A packet's audio is
/// decoded and its <see cref="FrameTone"/> residue detected; its frame is the newest frame with that residue sent before
/// the packet arrived. The frame is then marked received at that listener (a second arrival is a duplicate) and its
/// delay is exact: arrival minus that frame's send time.
/// The gateway encodes once per group, so a group's listeners receive byte-identical payloads: the first listener's
/// stream is decoded in order (Opus decoding is stateful), and the others look their payloads up by hash; only a payload
/// the first listener never got is decoded from the listener's own stream (its decoder primed with the packets before).
/// Cross-check: within one stream, consecutive packets must step the frame number exactly as they step the RTP sequence
/// number; a detection or resolution error (e.g. a delay beyond the 640 ms tone cycle) shows as a mismatch.
/// </summary>
internal sealed class TranscodedResolver
{
    private const int Priming = 3;
    private readonly ICodecFactory _codecs;
    private readonly FrameToneDetector _detector = new();
    private readonly float[] _pcm = new float[AudioFormat.FrameSamples * 6];

    public TranscodedResolver(ICodecFactory codecs) => _codecs = codecs;

    /// <summary>Opus payloads decoded (the rest were resolved by payload hash).</summary>
    public long Decoded { get; private set; }

    /// <summary>Packets whose frame step disagreed with their RTP sequence step (0 when every identity is right).</summary>
    public long SequenceMismatches { get; private set; }

    public void Resolve(IReadOnlyList<Listener> listeners, long timedFromFrame, DelayHistogram delays)
    {
        foreach (var group in listeners.Where(l => l.Capture is not null && l.Talker is not null).GroupBy(l => l.Talker!))
        {
            var residueByPayload = new Dictionary<ulong, int>();
            foreach (var listener in group)
            {
                ResolveListener(listener, group.Key, residueByPayload, timedFromFrame, delays);
            }
        }
    }

    private void ResolveListener(Listener listener, Talker talker, Dictionary<ulong, int> residueByPayload, long timedFromFrame, DelayHistogram delays)
    {
        var capture = listener.Capture!;
        using var decoder = _codecs.CreateDecoder(CodecProfile.Opus());
        var decodeInOrder = residueByPayload.Count == 0; // the group's first listener: decode its whole stream
        long previousFrame = -1;
        var previousSequence = 0;
        for (var i = 0; i < capture.Count; i++)
        {
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

            var frame = residue < 0 ? -1 : FrameTone.NewestWithResidue(talker.LastSentAt(capture.Arrival(i)), residue);
            if (frame < 0)
            {
                listener.Unresolved++;
                continue;
            }

            if (previousFrame >= 0 && frame - previousFrame != (ushort)(capture.Sequence(i) - previousSequence))
            {
                SequenceMismatches++;
            }

            previousFrame = frame;
            previousSequence = capture.Sequence(i);
            if (!listener.Mark(frame))
            {
                listener.Duplicates++;
            }
            else if (frame >= timedFromFrame)
            {
                delays.Add((capture.Arrival(i) - talker.SendTimestamp(frame)) * 1_000_000.0 / Stopwatch.Frequency);
            }
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
