using System.Diagnostics;
using System.Text;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>Runs the real ffmpeg as an RTP peer (recipes from protocols-ip.md B6).</summary>
internal sealed class Ffmpeg : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private Ffmpeg(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Runs ffmpeg inside this network namespace (null = the host's) for the next <see cref="Start"/> calls of this test.</summary>
    private static readonly AsyncLocal<string?> CurrentNamespace = new();

    public static string? Namespace
    {
        get => CurrentNamespace.Value;
        set => CurrentNamespace.Value = value;
    }

    public static Ffmpeg Start(params string[] arguments)
    {
        var ffmpeg = RequiredTool.Find("ffmpeg");
        var info = new ProcessStartInfo(Namespace is null ? ffmpeg : RequiredTool.Find("ip"))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Namespace is not null)
        {
            foreach (var part in new[] { "netns", "exec", Namespace, ffmpeg })
            {
                info.ArgumentList.Add(part);
            }
        }

        info.ArgumentList.Add("-hide_banner");
        info.ArgumentList.Add("-loglevel");
        info.ArgumentList.Add("info");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new Ffmpeg(Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start."));
    }

    /// <summary>
    /// Opus sender of a sine tone to 127.0.0.1:<paramref name="port"/>, followed by <paramref name="padSeconds"/> of silence
    /// (an ffmpeg RTP receiver only finishes cleanly by reaching its <c>-t</c>, so the stream must outlast the tone).
    /// </summary>
    public static Ffmpeg SendOpusTone(int port, double seconds, int frequency = 1000, int payloadType = 111, double padSeconds = 1, string host = "127.0.0.1", string query = "") => Start(
        "-re", "-f", "lavfi", "-i", $"sine=frequency={frequency}:duration={Invariant(seconds)}:sample_rate=48000:samples_per_frame=960,apad=pad_dur={Invariant(padSeconds)}",
        "-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k", "-payload_type", payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-f", "rtp", $"rtp://{host}:{port}{query}");

    /// <summary>
    /// G.711 sender (20 ms packets) of a sine tone. <c>samples_per_frame=160</c> matters as much as <c>asetnsamples</c>:
    /// with lavfi's default 1024-sample frames <c>-re</c> releases bursts of 6–7 packets every 128 ms.
    /// </summary>
    public static Ffmpeg SendG711Tone(int port, double seconds, bool alaw, int frequency = 1000, double padSeconds = 1) => Start(
        "-re", "-f", "lavfi", "-i", $"sine=frequency={frequency}:duration={Invariant(seconds)}:sample_rate=8000:samples_per_frame=160,apad=pad_dur={Invariant(padSeconds)}",
        "-af", "asetnsamples=n=160:p=0", "-c:a", alaw ? "pcm_alaw" : "pcm_mulaw", "-f", "rtp", $"rtp://127.0.0.1:{port}");

    /// <summary>A receiver decoding an SDP-described stream to a 48 kHz mono WAV of <paramref name="seconds"/> (from its first packet).</summary>
    public static Ffmpeg Receive(string sdpPath, string wavPath, double seconds, string? localAddress = null)
    {
        var args = new List<string> { "-y", "-protocol_whitelist", "file,udp,rtp" };
        if (localAddress is not null)
        {
            args.Add("-localaddr");
            args.Add(localAddress);
        }

        args.AddRange(["-i", sdpPath, "-t", Invariant(seconds), "-ac", "1", "-ar", "48000", wavPath]);
        return Start([.. args]);
    }

    public static string WriteSdp(string directory, string name, int port, string codec, string address = "127.0.0.1", int payloadType = -1)
    {
        var (pt, rtpmap) = codec switch
        {
            "opus" => (payloadType < 0 ? 111 : payloadType, "opus/48000/2"),
            "pcmu" => (0, "PCMU/8000"),
            _ => (8, "PCMA/8000"),
        };
        var connection = address.StartsWith("239.", StringComparison.Ordinal) ? $"{address}/1" : address;
        var sdp = $"""
            v=0
            o=- 0 0 IN IP4 127.0.0.1
            s=gateway-test
            c=IN IP4 {connection}
            t=0 0
            m=audio {port} RTP/AVP {pt}
            a=rtpmap:{pt} {rtpmap}
            a=recvonly

            """;
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, sdp.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    private static string Invariant(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until this ffmpeg has opened its receive socket on <paramref name="port"/>.</summary>
    public Task WaitUntilListeningAsync(int port) =>
        UdpSockets.WaitUntilBoundAsync(_process.Id, port, TimeSpan.FromSeconds(20), () => _process.HasExited);

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"ffmpeg did not finish within {timeout}:\n{Stderr}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(2000);
        }

        _process.Dispose();
    }
}
