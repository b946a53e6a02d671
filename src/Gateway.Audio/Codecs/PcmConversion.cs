namespace Gateway.Audio.Codecs;

/// <summary>Float ↔ 16-bit conversions used at every codec edge (full scale = 1.0f = 32768).</summary>
public static class PcmConversion
{
    public static short ToInt16(float sample)
    {
        var scaled = MathF.Round(sample * 32768f);
        return scaled >= 32767f ? short.MaxValue : scaled <= -32768f ? short.MinValue : (short)scaled;
    }

    public static float ToFloat(short sample) => sample / 32768f;

    public static void ToInt16(ReadOnlySpan<float> source, Span<short> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = ToInt16(source[i]);
        }
    }

    public static void ToFloat(ReadOnlySpan<short> source, Span<float> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] / 32768f;
        }
    }
}
