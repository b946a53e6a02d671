using System.Globalization;
using System.IO.Ports;
using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Protocol;
using Gateway.Audio.Tones;
using Gateway.Core.Configuration;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Connectors.Serial;

/// <summary>
/// A validated, immutable view of one <see cref="SerialRadioOptions"/>. <see cref="Create"/> checks every key and reports
/// all problems at once, each naming its key (<c>Gateway:Connectors:Serial[0]:Ptt:Method 'gpio' is not one of ...</c>);
/// the rules are <see cref="SerialSettingRules"/>, the same the host's configuration check applies.
/// </summary>
public sealed record RadioSettings
{
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
    public bool NeedsPort => SerialSettingRules.NeedsPort(PttMethod, SquelchMethod);

    public static RadioSettings Create(SerialRadioOptions o, string key, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(o);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Id))
        {
            problems.Add(new SettingProblem("Id", null, "is required").ToLine(key));
        }

        if (string.IsNullOrWhiteSpace(o.TalkGroup))
        {
            problems.Add(new SettingProblem("TalkGroup", null, "is required").ToLine(key));
        }

        problems.AddRange(SerialSettingRules.Check(o).Select(p => p.ToLine(key)));

        // Past the rules every name below is one of the allowed ones (any case); parse only to build the settings.
        var ptt = o.Ptt ?? new PttOptions();
        var sql = o.Squelch ?? new SquelchOptions();
        var audio = o.Audio ?? new RadioAudioOptions();
        var ani = o.Ani ?? new AniOptions();
        var pttMethod = SerialSettingRules.Method(ptt.Method);
        var sqlMethod = SerialSettingRules.Method(sql.Method);
        var aniMode = SerialSettingRules.Method(ani.Mode);
        _ = Enum.TryParse<Parity>(o.Parity, true, out var parity);
        _ = Enum.TryParse<StopBits>(o.StopBits, true, out var stopBits);
        _ = Enum.TryParse<Priority>(o.Priority, true, out var priority);
        _ = Enum.TryParse<SelcallStandard>(ani.SelcallStandard, true, out var selcall);
        byte civ = 0;
        if (pttMethod == "cat-civ" || sqlMethod == "cat-civ")
        {
            _ = CivStatus.TryParseAddress(ptt.CivAddress, out civ);
        }

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
