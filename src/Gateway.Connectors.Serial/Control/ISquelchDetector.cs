namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// The raw carrier/squelch state of the receiver, sampled on the endpoint's poll timer (debounce and anti-kerchunk are
/// applied afterwards by <see cref="SquelchGate"/>). Throws <see cref="IOException"/> when the port is gone.
/// </summary>
public interface ISquelchDetector
{
    string Method { get; }

    bool Sample();
}
