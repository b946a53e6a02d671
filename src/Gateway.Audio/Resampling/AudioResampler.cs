using System.Runtime.InteropServices;
using Concentus.Common;

namespace Gateway.Audio.Resampling;

/// <summary>
/// Streaming mono resampler over spans (Concentus's managed Speex resampler). Stateful: one instance per stream
/// direction; consecutive calls continue the signal without clicks. Allocation-free after construction.
/// </summary>
public sealed class AudioResampler : IDisposable
{
    /// <summary>Speex quality used by default: 3 keeps a 1 kHz tone within 0.1 dB at a fraction of quality 5's cost.</summary>
    public const int DefaultQuality = 3;

    private readonly SpeexResampler _resampler;

    public AudioResampler(int inputRate, int outputRate, int quality = DefaultQuality)
    {
        ValidateRate(inputRate, nameof(inputRate));
        ValidateRate(outputRate, nameof(outputRate));
        if (quality is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(quality), quality, "Resampler quality must be 0..10.");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
#pragma warning disable CS0618 // The managed resampler directly: ResamplerFactory may pick a native speexdsp that differs per machine.
        _resampler = new SpeexResampler(1, inputRate, outputRate, quality);
#pragma warning restore CS0618
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>The rates the gateway deals with at its edges.</summary>
    public static bool IsSupportedRate(int rate) => rate is 8_000 or 12_000 or 16_000 or 24_000 or 32_000 or 44_100 or 48_000;

    /// <summary>Output samples a call with <paramref name="inputSamples"/> input can produce at most.</summary>
    public int MaxOutputSamples(int inputSamples) => (int)(((long)inputSamples * OutputRate + InputRate - 1) / InputRate) + 1;

    /// <summary>
    /// Resamples all of <paramref name="input"/>; returns the number of samples written to <paramref name="output"/>,
    /// which must hold <see cref="MaxOutputSamples"/>.
    /// </summary>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (InputRate == OutputRate)
        {
            input.CopyTo(output);
            return input.Length;
        }

        // The Speex API takes a writable span for its input but never writes to it.
        var writableInput = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(input), input.Length);
        var consumed = 0;
        var written = 0;
        while (consumed < input.Length)
        {
            var inLen = input.Length - consumed;
            var outLen = output.Length - written;
            if (outLen <= 0)
            {
                throw new ArgumentException("The output buffer is too small for the resampled input.", nameof(output));
            }

            _resampler.Process(0, writableInput[consumed..], ref inLen, output[written..], ref outLen);
            consumed += inLen;
            written += outLen;
            if (inLen == 0 && outLen == 0)
            {
                break;
            }
        }

        return written;
    }

    /// <summary>Forgets the filter history (a new stream).</summary>
    public void Reset()
    {
        _resampler.ResetMem();
    }

    public void Dispose() => _resampler.Dispose();

    private static void ValidateRate(int rate, string name)
    {
        if (!IsSupportedRate(rate))
        {
            throw new ArgumentOutOfRangeException(name, rate, "Sample rate must be one of 8000, 12000, 16000, 24000, 32000, 44100, 48000 Hz.");
        }
    }
}
