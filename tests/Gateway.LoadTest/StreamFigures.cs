namespace Gateway.LoadTest;

/// <summary>
/// Loss, duplicates and unresolved packets of one kind of listener stream, after warm-up: a frame is lost at a listener
/// when it was sent after warm-up and its identity never arrived there.
/// </summary>
/// <param name="Listeners">Listeners measured (a long soak measures one transcoded listener per group).</param>
/// <param name="Expected">Frames sent after warm-up, summed over the listeners.</param>
/// <param name="Received">Of those, frames that arrived (each counted once per listener).</param>
/// <param name="Duplicates">Packets whose frame had already arrived at that listener.</param>
/// <param name="Unresolved">Packets whose frame could not be identified (no clear tone; not our payload, e.g. the gateway's
/// concealment of a missing frame at a PCMU listener).</param>
/// <param name="FramesSkippedInStream">Transcoded only: frames missing without an RTP sequence gap (never sent by the gateway).</param>
/// <param name="Inconsistencies">Transcoded only: identities that contradict the RTP sequence (0 = every identity fits).</param>
/// <param name="Repeats">Transcoded only: packets repeating the previous packet's frame (gateway concealment).</param>
/// <param name="InferredFromSequence">Transcoded only: packets without a clear tone identified by the RTP sequence between identified neighbours.</param>
/// <param name="Anchored">Transcoded only: packets whose frame was picked among those sharing its tone through the group's PCMU anchor listener.</param>
internal sealed record StreamFigures(int Listeners, long Expected, long Received, long Duplicates, long Unresolved, long FramesSkippedInStream, long Inconsistencies, long Repeats, long InferredFromSequence, long Anchored)
{
    public long Lost => Expected - Received;

    public double LossPercent => Expected == 0 ? 0 : 100.0 * Lost / Expected;

    public static StreamFigures Of(IEnumerable<Listener> listeners, long warmFrames, TranscodedResolver? resolver)
    {
        int count = 0;
        long expected = 0, received = 0, duplicates = 0, unresolved = 0;
        foreach (var listener in listeners)
        {
            var sent = listener.Talker!.Sent;
            count++;
            expected += sent - warmFrames;
            received += listener.CountReceived(warmFrames, sent);
            duplicates += listener.Duplicates;
            unresolved += listener.Unresolved;
        }

        return new StreamFigures(count, expected, received, duplicates, unresolved, resolver?.FramesSkippedInStream ?? 0, resolver?.Inconsistencies ?? 0, resolver?.Repeats ?? 0, resolver?.InferredFromSequence ?? 0, resolver?.Anchored ?? 0);
    }

    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{LossPercent:F3} % lost ({Lost:N0} of {Expected:N0}), {Duplicates:N0} duplicates, {Unresolved:N0} unresolved ({Listeners} listeners)");
}
