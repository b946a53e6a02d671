using System.Diagnostics;

namespace Gateway.Core.Alerts;

/// <summary>Text-to-speech through the espeak-ng command line (WAV on stdout), decoded to the alert's PCM form.</summary>
public sealed class TextToSpeech
{
    private readonly string _executable;

    public TextToSpeech(string executable) => _executable = executable;

    /// <summary>True when the espeak-ng executable can be found (a path, or a name on PATH).</summary>
    public bool Available => Resolve() is not null;

    public async Task<byte[]> SynthesizeAsync(string text, string? voice, CancellationToken cancellationToken)
    {
        var path = Resolve() ?? throw new AlertValidationException("voice.tts", $"text-to-speech needs espeak-ng, which is not installed ('{_executable}' not found)", failedPrecondition: true);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!string.IsNullOrWhiteSpace(voice))
        {
            start.ArgumentList.Add("-v");
            start.ArgumentList.Add(voice);
        }

        start.ArgumentList.Add("--stdout");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(text);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await copy;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || output.Length == 0)
        {
            throw new AlertValidationException("voice.tts.voice", $"espeak-ng failed (exit {process.ExitCode}): {(await error).Trim()}");
        }

        return AlertAudio.DecodeWav(FixStreamedWavSizes(output.ToArray()), "voice.tts");
    }

    // espeak-ng writing to a pipe cannot seek back to fill in the RIFF and data sizes; patch them from the real length.
    private static byte[] FixStreamedWavSizes(byte[] wav)
    {
        if (wav.Length < 44 || wav[0] != 'R' || wav[1] != 'I')
        {
            return wav;
        }

        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), wav.Length - 8);
        for (var i = 12; i + 8 <= wav.Length;)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(i + 4));
            if (wav[i] == 'd' && wav[i + 1] == 'a' && wav[i + 2] == 't' && wav[i + 3] == 'a')
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(i + 4), wav.Length - i - 8);
                break;
            }

            if (size < 0)
            {
                break;
            }

            i += 8 + size;
        }

        return wav;
    }

    private string? Resolve()
    {
        if (_executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(_executable) ? _executable : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, _executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
