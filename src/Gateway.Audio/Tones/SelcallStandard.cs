namespace Gateway.Audio.Tones;

/// <summary>5-tone selective calling tone tables.</summary>
public enum SelcallStandard
{
    Zvei1 = 0,
    Zvei2 = 1,
    Ccir = 2,
    Eea = 3,
}
