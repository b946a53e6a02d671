using Gateway.Connectors.Serial.Control;

namespace Gateway.Connectors.Serial;

/// <summary>Creates the ANI decoder for a radio whose <c>Ani:Mode</c> is dtmf or selcall (built on Gateway.Audio's tone detectors).</summary>
public interface IAniDecoderFactory
{
    /// <summary>Returns a decoder for <paramref name="settings"/>, or null when this factory does not handle its mode.</summary>
    IAniDecoder? Create(RadioSettings settings);
}
