namespace Gateway.Connectors.Serial.Protocol;

/// <summary>
/// One ICOM CI-V frame: <c>FE FE &lt;to&gt; &lt;from&gt; &lt;cmd&gt; [sub] [data] FD</c>. <see cref="Payload"/> is everything between
/// the command byte and <c>FD</c> (sub-command first, when the command has one).
/// </summary>
public sealed class CivFrame
{
    public CivFrame(byte to, byte from, byte command, ReadOnlySpan<byte> payload)
    {
        To = to;
        From = from;
        Command = command;
        Payload = payload.ToArray();
    }

    public byte To { get; }

    public byte From { get; }

    public byte Command { get; }

    public IReadOnlyList<byte> Payload { get; }

    /// <summary><c>FB</c>: the radio accepted the last command.</summary>
    public bool IsAck => Command == CivProtocol.Ack && Payload.Count == 0;

    /// <summary><c>FA</c>: the radio refused the last command.</summary>
    public bool IsNak => Command == CivProtocol.Nak && Payload.Count == 0;

    public override string ToString()
    {
        var text = $"FE FE {To:X2} {From:X2} {Command:X2}";
        foreach (var b in Payload)
        {
            text += $" {b:X2}";
        }

        return text + " FD";
    }
}
