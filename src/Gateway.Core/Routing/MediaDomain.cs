using Gateway.Audio;
using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;

namespace Gateway.Core.Routing;

/// <summary>
/// The media state of one floor domain (a talk group, or all groups of a patch): the destinations, one stateful
/// encoder per destination profile, one decoder per source stream, and the running transmission's sequence.
/// Its lock is taken only by the media path (and end-of-transmission), never by floor control.
/// </summary>
internal sealed class MediaDomain : IDisposable
{
    private readonly Dictionary<CodecProfile, IAudioEncoder?> _encoders = [];
    private readonly Dictionary<(EndpointId Source, CodecProfile Profile), IAudioDecoder?> _decoders = [];
    private volatile ProfileBucket[] _destinations = [];

    public Lock Gate { get; } = new();

    /// <summary>Where frames go; replaced (not mutated) whenever membership or presence changes.</summary>
    public ProfileBucket[] Destinations
    {
        get => _destinations;
        set => _destinations = value;
    }

    /// <summary>Decoded audio of the current frame when the source sent only a payload.</summary>
    public float[] Scratch { get; } = new float[AudioFormat.FrameSamples * 3];

    public FloorGrant? LastGrant { get; set; }

    public long Sequence { get; set; }

    public bool EndSent { get; set; }

    /// <summary>
    /// The sample rate of the current transmission's source codec (48 kHz when it hands in PCM), fixed by its first frame
    /// so encoders are told once per transmission (0 = not known yet).
    /// </summary>
    public int SourceSampleRate { get; set; }

    /// <summary>The encoder for <paramref name="profile"/>, created on first use; null when the factory cannot make one.</summary>
    public IAudioEncoder? GetEncoder(CodecProfile profile, ICodecFactory factory, out bool created)
    {
        created = false;
        if (_encoders.TryGetValue(profile, out var encoder))
        {
            return encoder;
        }

        created = true;
        try
        {
            encoder = factory.CreateEncoder(profile);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Remember the failure so an unsupported profile costs one exception, not one per frame.
            encoder = null;
        }

        _encoders[profile] = encoder;
        return encoder;
    }

    public IAudioDecoder? GetDecoder(EndpointId source, CodecProfile profile, ICodecFactory factory)
    {
        if (_decoders.TryGetValue((source, profile), out var decoder))
        {
            return decoder;
        }

        try
        {
            decoder = factory.CreateDecoder(profile);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            decoder = null;
        }

        _decoders[(source, profile)] = decoder;
        return decoder;
    }

    /// <summary>A new transmission starts: the talker's decoders forget the previous talk spurt.</summary>
    public void ResetDecoders(EndpointId source)
    {
        foreach (var entry in _decoders)
        {
            if (entry.Key.Source == source)
            {
                entry.Value?.Reset();
            }
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            foreach (var encoder in _encoders.Values)
            {
                encoder?.Dispose();
            }

            foreach (var decoder in _decoders.Values)
            {
                decoder?.Dispose();
            }

            _encoders.Clear();
            _decoders.Clear();
        }
    }
}
