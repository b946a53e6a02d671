namespace Gateway.Connectors.Serial.Control;

/// <summary>Method <c>none</c>: the radio keys itself on audio (VOX); the timers still shape when audio is sent.</summary>
internal sealed class NoPtt : IPttLine
{
    public string Method => "none";

    public void Set(bool transmit)
    {
    }

    public Task<bool> ConfirmReceiveAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
