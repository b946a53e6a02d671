namespace Gateway.Connectors.Serial.Audio;

public enum AudioDirection
{
    Capture = 0,
    Playback = 1,
}
