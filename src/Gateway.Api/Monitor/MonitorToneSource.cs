using Gateway.Audio.Codecs;
using Gateway.Core.Alerts;
using Gateway.Core.UnitState;
using Microsoft.Extensions.Options;

namespace Gateway.Api.Monitor;

/// <summary>The tones Monitor streams play to dispatchers (rendered once): the emergency tone of <c>Gateway:Emergency:TonePreset</c>.</summary>
public sealed class MonitorToneSource
{
    public const string EmergencyToneName = "emergency";

    private readonly Lazy<float[]> _emergency;

    public MonitorToneSource(IOptions<UnitStateOptions> options, ICodecFactory codecs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Codecs = codecs;
        Time = time;
        _emergency = new Lazy<float[]>(() => (AlertAudio.FindPreset(options.Value.Emergency.TonePreset) ?? Gateway.Audio.Tones.AlertToneProfile.HiLo).ToSequence().Render());
    }

    public ICodecFactory Codecs { get; }

    public TimeProvider Time { get; }

    public float[] EmergencyTone => _emergency.Value;
}
