namespace Gateway.Connectors.Serial.Audio;

/// <summary>Opens a device from its configuration string: <c>file:PATH</c>, <c>pipe:PATH</c>, or an ALSA PCM name.</summary>
public static class AudioDevices
{
    public static IAudioDevice Open(string spec, AudioDirection direction, int sampleRate, TimeProvider time) =>
        spec.StartsWith("file:", StringComparison.Ordinal) || spec.StartsWith("pipe:", StringComparison.Ordinal)
            ? FileAudioDevice.Open(spec, direction, sampleRate, time)
            : AlsaAudioDevice.Open(spec, direction, sampleRate);
}
