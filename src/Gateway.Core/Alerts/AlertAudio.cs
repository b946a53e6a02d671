using Gateway.Audio.Tones;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Gateway.Core.Alerts;

/// <summary>Renders an alert's signalling and voice into 48 kHz mono samples, and decodes clips to the persisted PCM form.</summary>
public static class AlertAudio
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(300);

    /// <summary>The alert-tone presets accepted by <see cref="SignallingKind.AlertTone"/>.</summary>
    public static IReadOnlyList<string> TonePresets { get; } = ["alert", "steady", "hi-lo", "warble", "beeps"];

    /// <summary>The tone profile of a preset name, or null when unknown.</summary>
    public static AlertToneProfile? FindPreset(string? name) => (name ?? "alert").Trim().ToLowerInvariant() switch
    {
        "" or "alert" or "steady" => AlertToneProfile.Steady,
        "hi-lo" or "hilo" => AlertToneProfile.HiLo,
        "warble" or "rising-warble" => AlertToneProfile.RisingWarble,
        "beeps" => AlertToneProfile.Beeps,
        _ => null,
    };

    /// <summary>The signalling tones for one play (null when none). <paramref name="selCalls"/> are the units' codes for per-unit selcall.</summary>
    public static ToneSequence? Signalling(AlertSignalling signalling, IEnumerable<string> selCalls)
    {
        ArgumentNullException.ThrowIfNull(signalling);
        ArgumentNullException.ThrowIfNull(selCalls);
        var gap = new ToneSequence([ToneSegment.Silence(Gap)]);
        ToneSequence? result = null;
        void Add(ToneSequence next) => result = result is null ? next.Then(gap) : result.Then(next).Then(gap);
        switch (signalling.Kind)
        {
            case SignallingKind.AlertTone:
                Add((FindPreset(signalling.Preset) ?? throw new AlertValidationException("signalling.tone.preset", $"unknown preset '{signalling.Preset}'")).ToSequence());
                break;
            case SignallingKind.TwoTone:
                foreach (var code in signalling.TwoTone ?? [])
                {
                    Add(TwoToneSequential.Create(code.FirstHz, code.SecondHz, TimeSpan.FromMilliseconds(code.FirstMs), TimeSpan.FromMilliseconds(code.SecondMs)));
                }

                break;
            case SignallingKind.SelCall:
                var codes = (signalling.SelCallCodes ?? []).Concat(signalling.SelCallPerUnit ? selCalls : []).Distinct(StringComparer.Ordinal);
                foreach (var code in codes)
                {
                    Add(SelcallGenerator.Create(code, SelcallStandard.Zvei1));
                }

                break;
            case SignallingKind.Dtmf when !string.IsNullOrEmpty(signalling.DtmfDigits):
                Add(DtmfGenerator.Create(signalling.DtmfDigits));
                break;
            default:
                break;
        }

        return result;
    }

    /// <summary>Decodes a 16-bit PCM WAV (any rate, mono or stereo) to 48 kHz mono 16-bit little-endian PCM.</summary>
    public static byte[] DecodeWav(ReadOnlySpan<byte> wav, string field)
    {
        try
        {
            using var reader = new WaveFileReader(new MemoryStream(wav.ToArray()));
            var format = reader.WaveFormat;
            if (format.Encoding != WaveFormatEncoding.Pcm || format.BitsPerSample != 16 || format.Channels is < 1 or > 2)
            {
                throw new AlertValidationException(field, $"WAV is {format.Encoding} {format.BitsPerSample}-bit with {format.Channels} channels; expected 16-bit PCM, mono or stereo");
            }

            ISampleProvider samples = reader.ToSampleProvider();
            if (format.Channels == 2)
            {
                samples = new StereoToMonoSampleProvider(samples);
            }

            if (format.SampleRate != Audio.AudioFormat.SampleRate)
            {
                samples = new WdlResamplingSampleProvider(samples, Audio.AudioFormat.SampleRate);
            }

            var output = new MemoryStream();
            var buffer = new float[Audio.AudioFormat.FrameSamples];
            Span<byte> pcm = stackalloc byte[2];
            int read;
            while ((read = samples.Read(buffer.AsSpan())) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pcm, (short)Math.Clamp(buffer[i] * 32767f, -32768f, 32767f));
                    output.Write(pcm);
                }

                if (output.Length > 48_000 * 2 * 120)
                {
                    throw new AlertValidationException(field, "clip is longer than 120 s");
                }
            }

            return output.ToArray();
        }
        catch (FormatException ex)
        {
            throw new AlertValidationException(field, "not a valid WAV file: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw new AlertValidationException(field, "not a valid WAV file: " + ex.Message);
        }
        catch (EndOfStreamException)
        {
            throw new AlertValidationException(field, "not a valid WAV file: truncated");
        }
    }

    /// <summary>Converts the persisted PCM to float samples.</summary>
    public static float[] ToFloat(byte[] pcm16)
    {
        ArgumentNullException.ThrowIfNull(pcm16);
        var samples = new float[pcm16.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(pcm16.AsSpan(i * 2)) / 32768f;
        }

        return samples;
    }
}
