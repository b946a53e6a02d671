using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>Command line of the load harness: a named preset plus overrides.</summary>
internal sealed record HarnessOptions
{
    public const string Usage =
        """
        Usage: dotnet run -c Release --project tests/Gateway.LoadTest -- <preset> [options]

        Presets:
          fanout      1 group, 1 Opus talker, N Opus listeners (pass-through); default --listeners 1000
          transcode   M groups (default 50), each 1 PCMU talker, 10 Opus + 10 PCMU listeners
          soak        transcode for 30 minutes, sampled every minute
          churn       in-process gateway: M groups (default 10), 2 PCMU talkers taking turns each second, --listeners N
                      stable listeners (20) and --churn K listener endpoints per group removed and re-added every second (5)
          idle        --listeners N idle endpoints (default 2000) vs a 1-endpoint gateway: RSS, heap, threads, CPU each

        Options:
          --listeners N        listeners per group (fanout)          --groups M        talk groups
          --opus-listeners N   Opus listeners per group (transcode)  --pcmu-listeners N
          --seconds T          measured run time                     --warmup S        seconds excluded at start (1)
          --raw-seconds S      raw loopback baseline duration (3)    --sample-seconds S  periodic samples (soak: 60)
          --jitter-min-ms MS   talker endpoints' JitterMinMs (0)     --gateway-dll PATH  Gateway.Host.dll to start
          --churn K            churning endpoints per group (churn)  --rtcp-mux        idle: endpoints with RtcpMux (1 port each)
          --json FILE          write the report as JSON              --keep            keep the temp directory
          --dotnet-gcdump PATH    managed heap for the idle preset via dotnet-gcdump (same default search)
        """;

    public string Preset { get; init; } = "fanout";

    public int Groups { get; init; } = 1;

    public bool TalkerPcmu { get; init; }

    public int OpusListeners { get; init; } = 1000;

    public int PcmuListeners { get; init; }

    public double Seconds { get; init; } = 20;

    public double WarmupSeconds { get; init; } = 1;

    public double RawSeconds { get; init; } = 3;

    public double SampleSeconds { get; init; }

    public int JitterMinMs { get; init; }

    public int Churn { get; init; } = 5;

    public string? GatewayDll { get; init; }

    public string? JsonFile { get; init; }

    public bool Keep { get; init; }

    /// <summary>The idle preset's endpoints multiplex RTCP on the RTP port (RFC 5761): one socket each instead of two.</summary>
    public bool RtcpMux { get; init; }

    public string? DotnetGcdump { get; init; }

    public int ListenersPerGroup => OpusListeners + PcmuListeners;

    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h")
        {
            throw new ArgumentException(Usage);
        }

        var options = args[0] switch
        {
            "fanout" => new HarnessOptions { Preset = "fanout", Groups = 1, OpusListeners = 1000, Seconds = 20 },
            "transcode" => new HarnessOptions { Preset = "transcode", Groups = 50, TalkerPcmu = true, OpusListeners = 10, PcmuListeners = 10, Seconds = 20 },
            "idle" => new HarnessOptions { Preset = "idle", Groups = 1, OpusListeners = 2000, Seconds = 5 },
            "churn" => new HarnessOptions { Preset = "churn", Groups = 10, TalkerPcmu = true, OpusListeners = 20, Seconds = 30, WarmupSeconds = 2 },
            "soak" => new HarnessOptions { Preset = "soak", Groups = 50, TalkerPcmu = true, OpusListeners = 10, PcmuListeners = 10, Seconds = 1800, SampleSeconds = 60 },
            _ => throw new ArgumentException($"unknown preset '{args[0]}'\n{Usage}"),
        };

        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            options = name switch
            {
                "--listeners" => options with { OpusListeners = (int)Number() },
                "--opus-listeners" => options with { OpusListeners = (int)Number() },
                "--pcmu-listeners" => options with { PcmuListeners = (int)Number() },
                "--groups" => options with { Groups = (int)Number() },
                "--seconds" => options with { Seconds = Number() },
                "--warmup" => options with { WarmupSeconds = Number() },
                "--raw-seconds" => options with { RawSeconds = Number() },
                "--sample-seconds" => options with { SampleSeconds = Number() },
                "--churn" => options with { Churn = (int)Number() },
                "--jitter-min-ms" => options with { JitterMinMs = (int)Number() },
                "--gateway-dll" => options with { GatewayDll = Value() },
                "--json" => options with { JsonFile = Value() },
                "--keep" => options with { Keep = true },
                "--rtcp-mux" => options with { RtcpMux = true },
                "--dotnet-gcdump" => options with { DotnetGcdump = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'\n{Usage}"),
            };
        }

        if (options.Groups < 1 || options.ListenersPerGroup < 1 || options.Seconds <= options.WarmupSeconds)
        {
            throw new ArgumentException("need at least 1 group, 1 listener and --seconds greater than --warmup");
        }

        return options;
    }
}
