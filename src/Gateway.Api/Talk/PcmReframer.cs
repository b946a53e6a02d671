using System.Buffers.Binary;
using Gateway.Audio;

namespace Gateway.Api.Talk;

/// <summary>
/// Turns audio chunks of any size into whole 20 ms frames (960 samples at 48 kHz). Keeps the partial frame, and an odd
/// trailing byte of a PCM16 chunk, for the next chunk. Allocation-free after construction.
/// </summary>
internal sealed class PcmReframer
{
    private readonly float[] _frame = new float[AudioFormat.FrameSamples];
    private int _filled;
    private int _pendingByte = -1;

    /// <summary>Samples waiting for the rest of their frame.</summary>
    public int Buffered => _filled;

    /// <summary>Converts a PCM16 little-endian chunk to float samples in <paramref name="destination"/>; returns how many.</summary>
    public int DecodePcm16(ReadOnlySpan<byte> chunk, Span<float> destination)
    {
        var written = 0;
        if (_pendingByte >= 0 && chunk.Length > 0)
        {
            var sample = (short)(_pendingByte | (chunk[0] << 8));
            destination[written++] = sample / 32768f;
            chunk = chunk[1..];
            _pendingByte = -1;
        }

        var whole = chunk.Length / 2;
        for (var i = 0; i < whole; i++)
        {
            destination[written++] = BinaryPrimitives.ReadInt16LittleEndian(chunk.Slice(2 * i, 2)) / 32768f;
        }

        if ((chunk.Length & 1) == 1)
        {
            _pendingByte = chunk[^1];
        }

        return written;
    }

    /// <summary>
    /// Appends samples from <paramref name="input"/> starting at <paramref name="offset"/> (advanced by what was taken).
    /// Returns true when a whole frame is ready; it is copied into <paramref name="frame"/> and the buffer restarts.
    /// </summary>
    public bool TryTakeFrame(ReadOnlySpan<float> input, ref int offset, Span<float> frame)
    {
        var take = Math.Min(AudioFormat.FrameSamples - _filled, input.Length - offset);
        input.Slice(offset, take).CopyTo(_frame.AsSpan(_filled));
        _filled += take;
        offset += take;
        if (_filled < AudioFormat.FrameSamples)
        {
            return false;
        }

        _frame.CopyTo(frame);
        _filled = 0;
        return true;
    }

    /// <summary>The last partial frame padded with silence; false when nothing is buffered.</summary>
    public bool TryFlush(Span<float> frame)
    {
        if (_filled == 0)
        {
            return false;
        }

        _frame.AsSpan(0, _filled).CopyTo(frame);
        frame[_filled..AudioFormat.FrameSamples].Clear();
        _filled = 0;
        _pendingByte = -1;
        return true;
    }
}
