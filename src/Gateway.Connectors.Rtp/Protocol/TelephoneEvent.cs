using System.Buffers.Binary;

namespace Gateway.Connectors.Rtp.Protocol;

/// <summary>An RFC 4733 telephone-event payload (4 bytes: event, E|R|volume, duration).</summary>
/// <param name="Event">Event code: 0–9 digits, 10 '*', 11 '#', 12–15 'A'–'D'.</param>
/// <param name="End">The E bit: last packet(s) of the event.</param>
/// <param name="Volume">Power level in −dBm0 (0..63).</param>
/// <param name="Duration">Duration so far, in timestamp units.</param>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Size = 4;

    /// <summary>Reads the first event of a payload (further 4-byte blocks are RFC 2198-style redundancy we do not need).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out TelephoneEvent value)
    {
        value = default;
        if (payload.Length < Size || payload.Length % Size != 0)
        {
            return false;
        }

        value = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    public int Write(Span<byte> destination)
    {
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
        return Size;
    }

    /// <summary>The DTMF character of <paramref name="code"/>, or '\0' for non-DTMF events.</summary>
    public static char ToDigit(byte code) => code switch
    {
        <= 9 => (char)('0' + code),
        10 => '*',
        11 => '#',
        >= 12 and <= 15 => (char)('A' + code - 12),
        _ => '\0',
    };

    /// <summary>The event code of a DTMF character (0-9, *, #, A-D), or -1.</summary>
    public static int FromDigit(char digit) => char.ToUpperInvariant(digit) switch
    {
        >= '0' and <= '9' => digit - '0',
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => char.ToUpperInvariant(digit) - 'A' + 12,
        _ => -1,
    };
}
