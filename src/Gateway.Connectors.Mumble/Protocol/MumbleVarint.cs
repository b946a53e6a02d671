using System.Buffers.Binary;

namespace Gateway.Connectors.Mumble.Protocol;

/// <summary>
/// Mumble's own variable-length integer used inside voice packets: a big-endian prefix code (protocols-ip.md A5),
/// not the protobuf LEB128 varint. Pure span code, no allocation.
/// </summary>
public static class MumbleVarint
{
    /// <summary>The longest encoding: a 0xF4 prefix plus 8 bytes.</summary>
    public const int MaxLength = 9;

    /// <summary>
    /// Decodes one varint. Returns false when <paramref name="source"/> ends inside it or a negation prefix is nested
    /// (never produced by a real encoder, and it would let a packet recurse without bound).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out long value, out int consumed)
    {
        value = 0;
        consumed = 0;
        if (source.IsEmpty)
        {
            return false;
        }

        var first = source[0];
        if ((first & 0xFC) == 0xF8)
        {
            // Negated: the bitwise NOT of the varint that follows (which must not be negated again).
            if (source.Length < 2 || (source[1] & 0xF8) == 0xF8 || !TryReadPositive(source[1..], out var inner, out var innerLength))
            {
                return false;
            }

            value = ~inner;
            consumed = 1 + innerLength;
            return true;
        }

        if ((first & 0xFC) == 0xFC)
        {
            value = ~(long)(first & 0x03);
            consumed = 1;
            return true;
        }

        return TryReadPositive(source, out value, out consumed);
    }

    /// <summary>Encodes <paramref name="value"/>; returns the bytes written (at most <see cref="MaxLength"/> + 1 for large negatives).</summary>
    public static int Write(Span<byte> destination, long value)
    {
        if (value < 0)
        {
            if (value >= -4)
            {
                destination[0] = (byte)(0xFC | (~value & 0x03));
                return 1;
            }

            destination[0] = 0xF8;
            return 1 + WritePositive(destination[1..], ~value);
        }

        return WritePositive(destination, value);
    }

    /// <summary>How many bytes <see cref="Write"/> needs for <paramref name="value"/>.</summary>
    public static int GetLength(long value)
    {
        if (value < 0)
        {
            return value >= -4 ? 1 : 1 + GetLength(~value);
        }

        return value switch
        {
            < 0x80 => 1,
            < 0x4000 => 2,
            < 0x200000 => 3,
            < 0x10000000 => 4,
            < 0x100000000 => 5,
            _ => 9,
        };
    }

    private static bool TryReadPositive(ReadOnlySpan<byte> s, out long value, out int consumed)
    {
        value = 0;
        consumed = 0;
        var first = s[0];
        int length;
        if ((first & 0x80) == 0)
        {
            value = first;
            consumed = 1;
            return true;
        }

        if ((first & 0xC0) == 0x80)
        {
            length = 2;
            if (s.Length < length)
            {
                return false;
            }

            value = ((long)(first & 0x3F) << 8) | s[1];
        }
        else if ((first & 0xE0) == 0xC0)
        {
            length = 3;
            if (s.Length < length)
            {
                return false;
            }

            value = ((long)(first & 0x1F) << 16) | ((long)s[1] << 8) | s[2];
        }
        else if ((first & 0xF0) == 0xE0)
        {
            length = 4;
            if (s.Length < length)
            {
                return false;
            }

            value = ((long)(first & 0x0F) << 24) | ((long)s[1] << 16) | ((long)s[2] << 8) | s[3];
        }
        else if ((first & 0xFC) == 0xF0)
        {
            // Tested before any wider mask so 0xF0 is never mistaken for the 4-byte 0xE0 form.
            length = 5;
            if (s.Length < length)
            {
                return false;
            }

            value = BinaryPrimitives.ReadUInt32BigEndian(s[1..]);
        }
        else if ((first & 0xFC) == 0xF4)
        {
            length = 9;
            if (s.Length < length)
            {
                return false;
            }

            value = (long)BinaryPrimitives.ReadUInt64BigEndian(s[1..]);
        }
        else
        {
            return false;
        }

        consumed = length;
        return true;
    }

    private static int WritePositive(Span<byte> d, long value)
    {
        switch (value)
        {
            case < 0x80:
                d[0] = (byte)value;
                return 1;
            case < 0x4000:
                d[0] = (byte)(0x80 | (value >> 8));
                d[1] = (byte)value;
                return 2;
            case < 0x200000:
                d[0] = (byte)(0xC0 | (value >> 16));
                d[1] = (byte)(value >> 8);
                d[2] = (byte)value;
                return 3;
            case < 0x10000000:
                d[0] = (byte)(0xE0 | (value >> 24));
                d[1] = (byte)(value >> 16);
                d[2] = (byte)(value >> 8);
                d[3] = (byte)value;
                return 4;
            case < 0x100000000:
                d[0] = 0xF0;
                BinaryPrimitives.WriteUInt32BigEndian(d[1..], (uint)value);
                return 5;
            default:
                d[0] = 0xF4;
                BinaryPrimitives.WriteUInt64BigEndian(d[1..], (ulong)value);
                return 9;
        }
    }
}
