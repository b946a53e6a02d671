namespace Gateway.Core.Alerts;

/// <summary>One two-tone sequential page: tone A then tone B.</summary>
public sealed record TwoToneCode(double FirstHz, int FirstMs, double SecondHz, int SecondMs);
