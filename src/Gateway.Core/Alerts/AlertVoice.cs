namespace Gateway.Core.Alerts;

/// <summary>
/// The spoken part: a clip already decoded to 48 kHz mono 16-bit little-endian PCM (<see cref="Pcm16"/>, compact to
/// persist), or text for text-to-speech through espeak-ng (rendered when the alert is broadcast).
/// </summary>
public sealed record AlertVoice(byte[]? Pcm16 = null, string? TtsText = null, string? TtsVoice = null);
