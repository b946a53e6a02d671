namespace Gateway.Audio.Jitter;

/// <summary>The result of one <see cref="JitterBuffer.Pop(Span{float}, Span{byte}, TimeSpan)"/> tick.</summary>
/// <param name="Kind">What the PCM frame holds.</param>
/// <param name="PayloadLength">Bytes of the source payload copied out for pass-through (0 when no packet starts in this tick).</param>
/// <param name="Sequence">RTP sequence number of that payload.</param>
/// <param name="Timestamp">RTP timestamp of that payload.</param>
/// <param name="StartOfSpurt">True on the first frame of a talk spurt (set the RTP marker when forwarding).</param>
public readonly record struct JitterFrame(JitterFrameKind Kind, int PayloadLength, ushort Sequence, uint Timestamp, bool StartOfSpurt)
{
    public bool HasPayload => PayloadLength > 0;
}
