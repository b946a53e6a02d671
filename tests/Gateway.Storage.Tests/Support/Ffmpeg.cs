using System.Diagnostics;
using Gateway.Tests.Shared;

namespace Gateway.Storage.Tests.Support;

/// <summary>Decodes a file with the real ffmpeg to 48 kHz mono 16-bit PCM and returns the decoded duration.</summary>
public static class Ffmpeg
{
    public static async Task<TimeSpan> DecodedDurationAsync(string file, string workFolder)
    {
        var ffmpeg = RequiredTool.Find("ffmpeg");
        var output = Path.Combine(workFolder, Path.GetFileNameWithoutExtension(file) + ".s16le");
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-y", "-i", file, "-f", "s16le", "-ac", "1", "-ar", "48000", output })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {await stderr}");
        }

        return TimeSpan.FromSeconds(new FileInfo(output).Length / 2.0 / 48_000);
    }
}
