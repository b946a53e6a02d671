namespace Gateway.Connectors.Serial;

/// <summary>The <c>Gateway:Connectors:Serial</c> array (the host binds it into <see cref="Radios"/>).</summary>
public sealed class SerialConnectorOptions
{
    public IList<SerialRadioOptions> Radios { get; } = new List<SerialRadioOptions>();
}
