namespace Gateway.Core.Alerts;

/// <summary>
/// What is sent before the voice: an alert-tone preset (<see cref="Preset"/>), two-tone sequential codes, 5-tone selcall
/// (each targeted unit's configured code when <see cref="SelCallPerUnit"/>, plus <see cref="SelCallCodes"/>) or DTMF digits.
/// </summary>
public sealed record AlertSignalling(
    SignallingKind Kind,
    string? Preset = null,
    IReadOnlyList<TwoToneCode>? TwoTone = null,
    bool SelCallPerUnit = false,
    IReadOnlyList<string>? SelCallCodes = null,
    string? DtmfDigits = null)
{
    public static AlertSignalling None { get; } = new(SignallingKind.None);
}
