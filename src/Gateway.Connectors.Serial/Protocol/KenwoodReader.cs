namespace Gateway.Connectors.Serial.Protocol;

/// <summary>
/// Pure reader for the Kenwood <c>;</c>-terminated text protocol (TS-480/590/890/990/2000, and Yaesu "newcat" which
/// copies it). No I/O: the caller buffers the bytes and calls <see cref="TryRead"/> until it returns Incomplete.
/// </summary>
public static class KenwoodReader
{
    /// <summary>The longest message we accept (the TS-990 <c>IF</c> answer is 38 bytes; menus are shorter than this).</summary>
    public const int MaxMessageLength = 64;

    public static CatReadStatus TryRead(ReadOnlySpan<byte> input, out KenwoodMessage message, out int consumed)
    {
        message = default;
        consumed = 0;

        // Line noise between answers (CR/LF from radios in "echo" mode, spaces) is not an error.
        var start = 0;
        while (start < input.Length && input[start] is (byte)'\r' or (byte)'\n' or (byte)' ')
        {
            start++;
        }

        for (var i = start; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)';')
            {
                return Parse(input[start..i], i + 1, out message, out consumed);
            }

            if (b < 0x20 || b > 0x7E)
            {
                // A binary byte (a CI-V frame on the wrong port, a baud mismatch) can never be inside a message.
                consumed = i + 1;
                return CatReadStatus.Malformed;
            }

            if (i - start + 1 > MaxMessageLength)
            {
                consumed = i + 1;
                return CatReadStatus.Malformed;
            }
        }

        if (start > 0 && start == input.Length)
        {
            // Only filler so far: drop it so the buffer does not grow.
            consumed = start;
            return CatReadStatus.Malformed;
        }

        return CatReadStatus.Incomplete;
    }

    private static CatReadStatus Parse(ReadOnlySpan<byte> body, int length, out KenwoodMessage message, out int consumed)
    {
        consumed = length;
        message = default;
        if (body.Length == 1 && body[0] is (byte)'?' or (byte)'E' or (byte)'O')
        {
            message = new KenwoodMessage(((char)body[0]).ToString(), string.Empty);
            return CatReadStatus.Message;
        }

        if (body.Length < 2 || !IsUpperLetter(body[0]) || !IsUpperLetter(body[1]))
        {
            return CatReadStatus.Malformed;
        }

        message = new KenwoodMessage(
            string.Create(2, (body[0], body[1]), static (span, pair) =>
            {
                span[0] = (char)pair.Item1;
                span[1] = (char)pair.Item2;
            }),
            body.Length == 2 ? string.Empty : System.Text.Encoding.ASCII.GetString(body[2..]));
        return CatReadStatus.Message;
    }

    private static bool IsUpperLetter(byte b) => b is >= (byte)'A' and <= (byte)'Z';
}
