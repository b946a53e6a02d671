using System.Diagnostics;
using Gateway.Tests.Shared;

namespace Gateway.Audio.Tests.Support;

/// <summary>Runs ffmpeg and friends with a timeout; fails the test with their stderr.</summary>
internal static class ExternalProcess
{
    public static string Run(string tool, params string[] arguments)
    {
        var path = RequiredTool.Find(tool);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(true);
            throw new TimeoutException($"{tool} did not finish within 60 s");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result + stderr.Result;
    }

    public static string Ffmpeg(params string[] arguments) =>
        Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
}
