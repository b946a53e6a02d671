using Gateway.Core.Events;

namespace Gateway.Core.UnitState;

/// <summary>
/// Reads emergency, cancel and status requests out of field signalling, with no I/O and no state:
/// a DTMF sequence (the digits before '#': code + DtmfId), a 5-tone sequence (SelCall code + status code, or the status code
/// alone) and a text message (keyword, optionally followed by a note). A sequence may fit several codes (e.g. <c>*9</c> and
/// <c>*99</c>); every reading is returned, longest code first, and the caller keeps the first one that names a known unit.
/// </summary>
public sealed class UnitSignalParser : IFieldTextSignals
{
    private readonly List<(string Code, UnitSignalMatch Template)> _dtmf = [];
    private readonly List<(string Code, UnitSignalMatch Template)> _selCall = [];
    private readonly List<(string Keyword, UnitSignalMatch Template)> _text = [];

    public UnitSignalParser(UnitStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var emergency = options.Emergency;
        var raise = new UnitSignalMatch(UnitSignalKind.Emergency, null, string.Empty);
        var cancel = new UnitSignalMatch(UnitSignalKind.CancelEmergency, null, string.Empty);
        Add(_dtmf, emergency.DtmfPrefix, raise);
        Add(_dtmf, emergency.CancelDtmfPrefix, cancel);
        emergency.SelCallCodes.ForEach(c => Add(_selCall, c, raise));
        emergency.CancelSelCallCodes.ForEach(c => Add(_selCall, c, cancel));
        foreach (var keyword in emergency.EffectiveTextKeywords)
        {
            Add(_text, keyword, raise);
        }

        foreach (var keyword in emergency.EffectiveCancelKeywords)
        {
            Add(_text, keyword, cancel);
        }

        foreach (var status in options.EffectiveStatuses)
        {
            var template = new UnitSignalMatch(UnitSignalKind.Status, status.Name, string.Empty);
            Add(_dtmf, status.DtmfCode, template);
            Add(_selCall, status.SelCallCode, template);
            Add(_text, status.Keyword, template);
            Add(_text, status.Name, template);
            Add(_text, status.Name.Replace('_', ' '), template);
        }

        // Longest first: "*99" (cancel) is tried before "*9" (raise), "SOS cancel" before "SOS".
        _dtmf.Sort((a, b) => b.Code.Length.CompareTo(a.Code.Length));
        _selCall.Sort((a, b) => b.Code.Length.CompareTo(a.Code.Length));
        _text.Sort((a, b) => b.Keyword.Length.CompareTo(a.Keyword.Length));
    }

    /// <summary>
    /// Every reading of a DTMF sequence (the digits before '#'), longest code first; the rest after the code is the identity.
    /// A '*' inside the sequence may start a new code (an acknowledgement "*031" sent without '#' runs into the next code),
    /// so the tails from each later '*' are read too, newest first, after the whole sequence.
    /// </summary>
    public IReadOnlyList<UnitSignalMatch> ParseDtmf(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var trimmed = sequence.Trim().TrimEnd('#');
        var result = new List<UnitSignalMatch>();
        AddDtmfReadings(trimmed, result);
        for (var star = trimmed.LastIndexOf('*'); star > 0; star = trimmed.LastIndexOf('*', star - 1))
        {
            AddDtmfReadings(trimmed[star..], result);
        }

        return result;
    }

    private void AddDtmfReadings(string sequence, List<UnitSignalMatch> result)
    {
        foreach (var (code, template) in _dtmf)
        {
            if (sequence.StartsWith(code, StringComparison.Ordinal))
            {
                result.Add(template with { Identity = sequence[code.Length..] });
            }
        }
    }

    /// <summary>Every reading of a 5-tone sequence: the unit's SelCall code followed by a status code, or a status code alone.</summary>
    public IReadOnlyList<UnitSignalMatch> ParseSelCall(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var trimmed = sequence.Trim();
        var result = new List<UnitSignalMatch>();
        foreach (var (code, template) in _selCall)
        {
            if (trimmed.EndsWith(code, StringComparison.Ordinal))
            {
                result.Add(template with { Identity = trimmed[..^code.Length] });
            }
        }

        return result;
    }

    /// <summary>The reading of a text message: a keyword alone or followed by whitespace and a note; null when it is ordinary chat.</summary>
    public UnitSignalMatch? ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        foreach (var (keyword, template) in _text)
        {
            if (!trimmed.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (trimmed.Length == keyword.Length)
            {
                return template;
            }

            if (char.IsWhiteSpace(trimmed[keyword.Length]) || char.IsPunctuation(trimmed[keyword.Length]))
            {
                var note = trimmed[keyword.Length..].Trim().TrimStart(':', ',', '-', '：', '，').Trim();
                return template with { Note = note.Length == 0 ? null : note };
            }
        }

        return null;
    }

    public bool IsSignal(string text) => text is not null && ParseText(text) is not null;

    private static void Add(List<(string, UnitSignalMatch)> list, string? code, UnitSignalMatch template)
    {
        if (!string.IsNullOrWhiteSpace(code))
        {
            list.Add((code.Trim(), template));
        }
    }
}
