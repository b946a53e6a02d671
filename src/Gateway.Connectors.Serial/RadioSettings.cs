using System.Globalization;
using System.IO.Ports;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Protocol;
using Gateway.Audio.Tones;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Connectors.Serial;

/// <summary>
/// A validated, immutable view of one <see cref="SerialRadioOptions"/>. <see cref="Create"/> checks every key and reports
/// all problems at once, each naming its key (<c>Gateway:Connectors:Serial[0]:Ptt:Method ...</c>).
/// </summary>
public sealed record RadioSettings
{
    public static readonly string[] PttMethods = ["rts", "dtr", "cat-kenwood", "cat-civ", "none"];
    public static readonly string[] SquelchMethods = ["cts", "dsr", "dcd", "cat-kenwood", "cat-civ", "vox", "always"];
    public static readonly string[] AniModes = ["none", "dtmf", "selcall"];

    public required EndpointId Id { get; init; }

    public required TalkGroupId TalkGroup { get; init; }

    public required string Port { get; init; }

    public int BaudRate { get; init; }

    public Parity Parity { get; init; }

    public int DataBits { get; init; }

    public StopBits StopBits { get; init; }

    public required string PttMethod { get; init; }

    public bool PttActiveHigh { get; init; }

    public int LeadMs { get; init; }

    public int TailMs { get; init; }

    public byte CivAddress { get; init; }

    public required string SquelchMethod { get; init; }

    public bool SquelchActiveHigh { get; init; }

    public int DebounceMs { get; init; }

    public int PollMs { get; init; }

    public int MinOpenMs { get; init; }

    public double VoxThresholdDb { get; init; }

    public bool IgnoreSquelchWhileTransmitting { get; init; }

    public int VoxHangMs { get; init; }

    public required string Capture { get; init; }

    public required string Playback { get; init; }

    public int SampleRate { get; init; }

    public int TransmitTimeoutSeconds { get; init; }

    public Priority Priority { get; init; }

    public required string AniMode { get; init; }

    public int AniWaitMs { get; init; }

    public SelcallStandard SelcallStandard { get; init; }

    /// <summary>True when PTT or squelch talks CAT over the port (the port then carries data, not just lines).</summary>
    public bool UsesCat => PttMethod.StartsWith("cat-", StringComparison.Ordinal) || SquelchMethod.StartsWith("cat-", StringComparison.Ordinal);

    /// <summary>True when the serial port is needed at all (a VOX-keyed radio with VOX squelch needs none).</summary>
    public bool NeedsPort => PttMethod != "none" || SquelchMethod is not ("vox" or "always");

    public static RadioSettings Create(SerialRadioOptions o, string key, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        void Require(bool ok, string subKey, string message)
        {
            if (!ok)
            {
                problems.Add($"{key}:{subKey}: {message}");
            }
        }

        Require(!string.IsNullOrWhiteSpace(o.Id), "Id", "is required");
        Require(!string.IsNullOrWhiteSpace(o.TalkGroup), "TalkGroup", "is required");
        var pttMethod = (o.Ptt?.Method ?? string.Empty).Trim().ToLowerInvariant();
        var sqlMethod = (o.Squelch?.Method ?? string.Empty).Trim().ToLowerInvariant();
        Require(PttMethods.Contains(pttMethod), "Ptt:Method", $"'{o.Ptt?.Method}' is not one of {string.Join(", ", PttMethods)}");
        Require(SquelchMethods.Contains(sqlMethod), "Squelch:Method", $"'{o.Squelch?.Method}' is not one of {string.Join(", ", SquelchMethods)}");
        var needsPort = pttMethod != "none" || sqlMethod is not ("vox" or "always");
        Require(!needsPort || !string.IsNullOrWhiteSpace(o.Port), "Port", "is required for these PTT/squelch methods (e.g. /dev/serial/by-id/...)");
        Require(o.BaudRate is >= 300 and <= 1_000_000, "BaudRate", $"{o.BaudRate} is outside 300..1000000");
        Require(o.DataBits is >= 5 and <= 8, "DataBits", $"{o.DataBits} is outside 5..8");
        Require(Enum.TryParse<Parity>(o.Parity, true, out var parity), "Parity", $"'{o.Parity}' is not None, Odd, Even, Mark or Space");
        Require(Enum.TryParse<StopBits>(o.StopBits, true, out var stopBits) && stopBits != StopBits.None, "StopBits", $"'{o.StopBits}' is not One, OnePointFive or Two");

        var ptt = o.Ptt ?? new PttOptions();
        Require(ptt.LeadMs is >= 0 and <= 5000, "Ptt:LeadMs", $"{ptt.LeadMs} is outside 0..5000");
        Require(ptt.TailMs is >= 0 and <= 10_000, "Ptt:TailMs", $"{ptt.TailMs} is outside 0..10000");
        byte civ = 0;
        var needsCiv = pttMethod == "cat-civ" || sqlMethod == "cat-civ";
        Require(!needsCiv || CivStatus.TryParseAddress(ptt.CivAddress, out civ), "Ptt:CivAddress", $"'{ptt.CivAddress}' is not a CI-V address in hex (e.g. 94 for the IC-7300)");
        Require(!(pttMethod.StartsWith("cat-", StringComparison.Ordinal) && sqlMethod.StartsWith("cat-", StringComparison.Ordinal)) || pttMethod == sqlMethod,
            "Squelch:Method", $"'{sqlMethod}' and Ptt:Method '{pttMethod}' would speak two CAT dialects on one port");

        var sql = o.Squelch ?? new SquelchOptions();
        Require(sql.DebounceMs is >= 0 and <= 2000, "Squelch:DebounceMs", $"{sql.DebounceMs} is outside 0..2000");
        Require(sql.PollMs is >= 5 and <= 1000, "Squelch:PollMs", $"{sql.PollMs} is outside 5..1000");
        Require(sql.MinOpenMs is >= 0 and <= 5000, "Squelch:MinOpenMs", $"{sql.MinOpenMs} is outside 0..5000");
        Require(sql.VoxThresholdDb is >= -90 and < 0, "Squelch:VoxThresholdDb", $"{sql.VoxThresholdDb.ToString(CultureInfo.InvariantCulture)} is outside -90..0 dBFS");
        Require(sql.VoxHangMs is >= 0 and <= 10_000, "Squelch:VoxHangMs", $"{sql.VoxHangMs} is outside 0..10000");

        var audio = o.Audio ?? new RadioAudioOptions();
        Require(!string.IsNullOrWhiteSpace(audio.Capture), "Audio:Capture", "is required (an ALSA device such as plughw:CARD=Device,DEV=0, or file:PATH)");
        Require(!string.IsNullOrWhiteSpace(audio.Playback), "Audio:Playback", "is required (an ALSA device such as plughw:CARD=Device,DEV=0, or file:PATH)");
        Require(audio.SampleRate is 8000 or 16000 or 24000 or 48000, "Audio:SampleRate", $"{audio.SampleRate} is not 8000, 16000, 24000 or 48000");

        Require(o.TransmitTimeoutSeconds is >= 1 and <= 3600, "TransmitTimeoutSeconds", $"{o.TransmitTimeoutSeconds} is outside 1..3600 (the watchdog cannot be disabled)");
        Require(Enum.TryParse<Priority>(o.Priority, true, out var priority) && Enum.IsDefined(priority), "Priority", $"'{o.Priority}' is not normal, dispatcher, alert or emergency");
        var ani = o.Ani ?? new AniOptions();
        var aniMode = (ani.Mode ?? string.Empty).Trim().ToLowerInvariant();
        Require(AniModes.Contains(aniMode), "Ani:Mode", $"'{ani.Mode}' is not one of {string.Join(", ", AniModes)}");
        Require(Enum.TryParse<SelcallStandard>(ani.SelcallStandard, true, out var selcall) && Enum.IsDefined(selcall), "Ani:SelcallStandard", $"'{ani.SelcallStandard}' is not zvei1, zvei2, ccir or eea");
        Require(ani.WaitMs is >= 0 and <= 5000, "Ani:WaitMs", $"{ani.WaitMs} is outside 0..5000");

        errors = problems;
        return new RadioSettings
        {
            Id = new EndpointId(o.Id ?? string.Empty),
            TalkGroup = new TalkGroupId(o.TalkGroup ?? string.Empty),
            Port = o.Port ?? string.Empty,
            BaudRate = o.BaudRate,
            Parity = parity,
            DataBits = o.DataBits,
            StopBits = stopBits,
            PttMethod = pttMethod,
            PttActiveHigh = ptt.ActiveHigh,
            LeadMs = ptt.LeadMs,
            TailMs = ptt.TailMs,
            CivAddress = civ,
            SquelchMethod = sqlMethod,
            SquelchActiveHigh = sql.ActiveHigh,
            DebounceMs = sql.DebounceMs,
            PollMs = sql.PollMs,
            MinOpenMs = sql.MinOpenMs,
            VoxThresholdDb = sql.VoxThresholdDb,
            IgnoreSquelchWhileTransmitting = sql.IgnoreWhileTransmitting,
            VoxHangMs = sql.VoxHangMs,
            Capture = audio.Capture ?? string.Empty,
            Playback = audio.Playback ?? string.Empty,
            SampleRate = audio.SampleRate,
            TransmitTimeoutSeconds = o.TransmitTimeoutSeconds,
            Priority = priority,
            AniMode = aniMode,
            AniWaitMs = ani.WaitMs,
            SelcallStandard = selcall,
        };
    }

    /// <summary>Like <see cref="Create(SerialRadioOptions, string, out IReadOnlyList{string})"/> but throws with every problem listed.</summary>
    public static RadioSettings Create(SerialRadioOptions options, string key = "Gateway:Connectors:Serial[0]")
    {
        var settings = Create(options, key, out var errors);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        return settings;
    }

    /// <summary>The ANI decoder for <see cref="AniMode"/> (null for none).</summary>
    internal IAniDecoder? CreateAniDecoder() => AniMode switch
    {
        "dtmf" => new DtmfAniDecoder(),
        "selcall" => new SelcallAniDecoder(SelcallStandard),
        _ => null,
    };

    internal static ModemLine ParseLine(string method) => method switch
    {
        "rts" => ModemLine.Rts,
        "dtr" => ModemLine.Dtr,
        "cts" => ModemLine.Cts,
        "dsr" => ModemLine.Dsr,
        "dcd" => ModemLine.Dcd,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not a modem-line method"),
    };
}
