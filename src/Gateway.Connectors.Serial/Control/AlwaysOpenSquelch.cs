namespace Gateway.Connectors.Serial.Control;

/// <summary>Method <c>always</c>: every captured frame is forwarded (a receiver with its own squelch-gated audio, or a monitor feed).</summary>
internal sealed class AlwaysOpenSquelch : ISquelchDetector
{
    public string Method => "always";

    public bool Sample() => true;
}
