namespace Gateway.Audio.Tones;

/// <summary>A two-tone sequential page a <see cref="TwoToneDetector"/> listens for (A then B, Hz). A = B is an all-call.</summary>
public sealed record TwoTonePage(string Name, double ToneA, double ToneB);
