namespace Gateway.Connectors.Serial.Protocol;

/// <summary>
/// Pure reader for CI-V frames over buffered bytes. Resynchronises on the <c>FE FE</c> preamble: bytes before it, frames
/// cut short by a new preamble, jammed (<c>FC</c>) and over-long frames are reported as Malformed with the bytes to skip.
/// </summary>
public static class CivReader
{
    public static CatReadStatus TryRead(ReadOnlySpan<byte> input, out CivFrame? frame, out int consumed)
    {
        frame = null;
        consumed = 0;
        if (input.IsEmpty)
        {
            return CatReadStatus.Incomplete;
        }

        // Anything before the first preamble byte is noise.
        var first = input.IndexOf(CivProtocol.Preamble);
        if (first != 0)
        {
            consumed = first < 0 ? input.Length : first;
            return CatReadStatus.Malformed;
        }

        if (input.Length < 2)
        {
            return CatReadStatus.Incomplete;
        }

        if (input[1] != CivProtocol.Preamble)
        {
            consumed = 1;
            return CatReadStatus.Malformed;
        }

        // Some radios send more than two FE bytes before the header; they are all preamble.
        var header = 2;
        while (header < input.Length && input[header] == CivProtocol.Preamble)
        {
            header++;
        }

        for (var i = header; i < input.Length; i++)
        {
            var b = input[i];
            if (b == CivProtocol.EndOfMessage)
            {
                consumed = i + 1;
                var body = input[header..i];
                if (body.Length < 3)
                {
                    return CatReadStatus.Malformed;
                }

                frame = new CivFrame(body[0], body[1], body[2], body[3..]);
                return CatReadStatus.Message;
            }

            if (b == CivProtocol.Preamble || b == CivProtocol.Collision)
            {
                // A new frame started (this one was cut off) or the bus was jammed: drop what we have.
                consumed = b == CivProtocol.Preamble ? i : i + 1;
                return CatReadStatus.Malformed;
            }

            if (i + 1 >= CivProtocol.MaxFrameLength)
            {
                consumed = i + 1;
                return CatReadStatus.Malformed;
            }
        }

        return CatReadStatus.Incomplete;
    }
}
