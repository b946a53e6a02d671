using System.Diagnostics;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Gateway.Storage.Sqlite;
using Gateway.Storage.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Gateway.Storage.Tests.Crash;

public sealed class ProcessKillTests
{
    private readonly ITestOutputHelper _output;

    public ProcessKillTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Kill_GatewayProcessMidCall_AcknowledgedEventsKeptAndCallClosedAtRestart()
    {
        using var folder = new TempDirectory();
        var database = folder.File("gateway.db");
        var recordings = folder.File("recordings");
        var (callId, acknowledged) = await RunChildAndKillAsync(database, recordings);

        // After SIGKILL, before any restart: what the writer acknowledged is in the file.
        var db = new SqliteDatabase($"Data Source={database}", TimeProvider.System, NullLogger.Instance);
        var calls = new SqliteCallRepository(db);
        var before = await calls.GetCallAsync(callId);
        Assert.NotNull(before);
        Assert.True(before.IsOpen);
        Assert.True(before.Transmissions.Count >= 2);
        Assert.Equal(TransmissionOutcome.Released, before.Transmissions[0].EndReason);
        Assert.Null(before.Transmissions[1].EndReason);
        _output.WriteLine($"acknowledged {acknowledged} events before the kill; call {callId} open with {before.Transmissions.Count} transmissions");

        // Restart: the open call is closed with reason gateway_restart at its last known activity.
        using (var restarted = StorageHostBuilder.Build(database, recordings, retentionDays: 0))
        {
            await restarted.StartAsync();
            var after = await restarted.Services.GetRequiredService<ICallRepository>().GetCallAsync(callId);
            Assert.NotNull(after);
            Assert.Equal(CallOutcome.GatewayRestart, after.EndReason);
            Assert.Equal(after.Transmissions[1].StartedAt, after.EndedAt);
            Assert.Equal(TransmissionOutcome.Released, after.Transmissions[0].EndReason);
            Assert.Equal(TransmissionOutcome.GatewayRestart, after.Transmissions[1].EndReason);

            // The recording of the cut call is indexed and plays up to its last flushed page (at least transmission 1).
            var recording = after.Recording;
            Assert.NotNull(recording);
            Assert.False(recording.Complete);
            var decoded = await Ffmpeg.DecodedDurationAsync(Path.Combine(recordings, recording.RelativePath), folder.Path);
            _output.WriteLine($"cut recording decodes to {decoded.TotalMilliseconds:F0} ms");
            Assert.True(decoded >= TimeSpan.FromSeconds(1), $"decoded {decoded}");

            // ...and the restart indexed it with the file's real duration and size.
            Assert.NotNull(recording.EndedAt);
            Assert.InRange(recording.Duration.TotalMilliseconds, decoded.TotalMilliseconds - 40, decoded.TotalMilliseconds + 40);
            Assert.Equal(new FileInfo(Path.Combine(recordings, recording.RelativePath)).Length, recording.SizeBytes);
            await restarted.StopAsync();
        }
    }

    private async Task<(CallId Call, long Events)> RunChildAndKillAsync(string database, string recordings)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(dotnet) || !File.Exists(dotnet))
        {
            dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : Gateway.Tests.Shared.RequiredTool.Find("dotnet");
        }

        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(CrashChild.Verb);
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(recordings);
        using var child = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        child.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    throw new InvalidOperationException($"The child gateway exited ({(child.HasExited ? child.ExitCode : -1)}) before acknowledging: {stderr}");
                }

                if (line.StartsWith("ACKED ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    return (new CallId(parts[1]), long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        finally
        {
            // SIGKILL: no shutdown hooks, no drain, no disposal. Whatever is not on disk is lost.
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync();
        }
    }
}
