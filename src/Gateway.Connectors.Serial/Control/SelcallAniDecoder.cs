using Gateway.Audio;
using Gateway.Audio.Tones;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Control;

/// <summary>5-tone ANI (ZVEI/CCIR/EEA) through Gateway.Audio's <see cref="SelcallDecoder"/>; matched against units' SelCall.</summary>
internal sealed class SelcallAniDecoder : IAniDecoder
{
    private readonly SelcallDecoder _decoder;

    public SelcallAniDecoder(SelcallStandard standard)
    {
        _decoder = new SelcallDecoder(standard, AudioFormat.SampleRate);
    }

    public UnitIdentityKind IdentityKind => UnitIdentityKind.SelCall;

    public void Reset() => _decoder.Reset();

    public bool TryDecode(ReadOnlySpan<float> frame48k, out string identity)
    {
        identity = _decoder.Process(frame48k) ?? string.Empty;
        return identity.Length > 0;
    }
}
