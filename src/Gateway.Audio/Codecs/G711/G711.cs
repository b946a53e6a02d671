namespace Gateway.Audio.Codecs.G711;

/// <summary>
/// ITU-T G.711 µ-law and A-law, table driven. The tables are built once from the reference algorithms of
/// ITU-T G.191 (STL g711.c semantics: 14-bit µ-law / 13-bit A-law magnitudes, one's complement for negatives),
/// so the per-sample cost is one table lookup and the results are bit-exact to the standard.
/// </summary>
public static class G711
{
    /// <summary>µ-law code for digital silence (+0).</summary>
    public const byte MuLawSilence = 0xFF;

    /// <summary>A-law code for digital silence (+0, even bits inverted).</summary>
    public const byte ALawSilence = 0xD5;

    private static readonly byte[] MuLawEncodeTable = BuildEncodeTable(CompressMuLaw);
    private static readonly byte[] ALawEncodeTable = BuildEncodeTable(CompressALaw);
    private static readonly short[] MuLawDecodeTable = BuildDecodeTable(ExpandMuLaw);
    private static readonly short[] ALawDecodeTable = BuildDecodeTable(ExpandALaw);

    /// <summary>Decoded values scaled to [-1, 1) for the float pipeline.</summary>
    internal static readonly float[] MuLawToFloat = BuildFloatTable(MuLawDecodeTable);

    /// <summary>Decoded values scaled to [-1, 1) for the float pipeline.</summary>
    internal static readonly float[] ALawToFloat = BuildFloatTable(ALawDecodeTable);

    public static byte EncodeMuLaw(short sample) => MuLawEncodeTable[(ushort)sample];

    public static byte EncodeALaw(short sample) => ALawEncodeTable[(ushort)sample];

    public static short DecodeMuLaw(byte code) => MuLawDecodeTable[code];

    public static short DecodeALaw(byte code) => ALawDecodeTable[code];

    public static void EncodeMuLaw(ReadOnlySpan<short> pcm, Span<byte> codes) => Encode(MuLawEncodeTable, pcm, codes);

    public static void EncodeALaw(ReadOnlySpan<short> pcm, Span<byte> codes) => Encode(ALawEncodeTable, pcm, codes);

    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> pcm) => Decode(MuLawDecodeTable, codes, pcm);

    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<short> pcm) => Decode(ALawDecodeTable, codes, pcm);

    internal static byte[] EncodeTable(bool muLaw) => muLaw ? MuLawEncodeTable : ALawEncodeTable;

    /// <summary>G.191 ulaw_compress: 16-bit input, 14-bit magnitude plus bias 33, segment search.</summary>
    internal static byte CompressMuLaw(short x)
    {
        var absno = x < 0 ? ((~x) >> 2) + 33 : (x >> 2) + 33;
        if (absno > 0x1FFF)
        {
            absno = 0x1FFF;
        }

        var i = absno >> 6;
        var segno = 1;
        while (i != 0)
        {
            segno++;
            i >>= 1;
        }

        var high = 0x8 - segno;
        var low = 0xF - ((absno >> segno) & 0xF);
        var code = (high << 4) | low;
        if (x >= 0)
        {
            code |= 0x80;
        }

        return (byte)code;
    }

    /// <summary>G.191 ulaw_expand.</summary>
    internal static short ExpandMuLaw(byte y)
    {
        var sign = y < 0x80 ? -1 : 1;
        var mantissa = ~y;
        var exponent = (mantissa >> 4) & 0x7;
        var segment = exponent + 1;
        mantissa &= 0xF;
        var step = 4 << segment;
        return (short)(sign * ((0x80 << exponent) + (step * mantissa) + (step / 2) - (4 * 33)));
    }

    /// <summary>G.191 alaw_compress: 12-bit magnitude (one's complement for negatives), even bits inverted.</summary>
    internal static byte CompressALaw(short x)
    {
        var ix = x < 0 ? (~x) >> 4 : x >> 4;
        if (ix > 15)
        {
            var exponent = 1;
            while (ix > 16 + 15)
            {
                ix >>= 1;
                exponent++;
            }

            ix -= 16;
            ix += exponent << 4;
        }

        if (x >= 0)
        {
            ix |= 0x80;
        }

        return (byte)(ix ^ 0x55);
    }

    /// <summary>G.191 alaw_expand.</summary>
    internal static short ExpandALaw(byte y)
    {
        var ix = (y ^ 0x55) & 0x7F;
        var exponent = ix >> 4;
        var mantissa = ix & 0xF;
        if (exponent > 0)
        {
            mantissa += 16;
        }

        mantissa = (mantissa << 4) + 0x8;
        if (exponent > 1)
        {
            mantissa <<= exponent - 1;
        }

        return (short)(y > 127 ? mantissa : -mantissa);
    }

    private static void Encode(byte[] table, ReadOnlySpan<short> pcm, Span<byte> codes)
    {
        if (codes.Length < pcm.Length)
        {
            throw new ArgumentException("The code buffer is shorter than the PCM input.", nameof(codes));
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            codes[i] = table[(ushort)pcm[i]];
        }
    }

    private static void Decode(short[] table, ReadOnlySpan<byte> codes, Span<short> pcm)
    {
        if (pcm.Length < codes.Length)
        {
            throw new ArgumentException("The PCM buffer is shorter than the code input.", nameof(pcm));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            pcm[i] = table[codes[i]];
        }
    }

    private static byte[] BuildEncodeTable(Func<short, byte> compress)
    {
        var table = new byte[65536];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = compress((short)(ushort)i);
        }

        return table;
    }

    private static short[] BuildDecodeTable(Func<byte, short> expand)
    {
        var table = new short[256];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = expand((byte)i);
        }

        return table;
    }

    private static float[] BuildFloatTable(short[] decode)
    {
        var table = new float[256];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = decode[i] / 32768f;
        }

        return table;
    }
}
