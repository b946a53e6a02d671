using Gateway.Connectors.Serial.Control;
using Gateway.Core.Units;

namespace Gateway.Connectors.Serial.Tests.Fakes;

/// <summary>"Decodes" an identity after a number of frames (the real DTMF/5-tone detectors live in Gateway.Audio).</summary>
internal sealed class ScriptedAniDecoder(string identity, int afterFrames) : IAniDecoder
{
    private int _frames;

    public UnitIdentityKind IdentityKind => UnitIdentityKind.DtmfId;

    public bool Throw { get; set; }

    public void Reset() => _frames = 0;

    public bool TryDecode(ReadOnlySpan<float> frame48k, out string decoded)
    {
        if (Throw)
        {
            throw new InvalidOperationException("decoder bug");
        }

        decoded = identity;
        return ++_frames == afterFrames;
    }
}
