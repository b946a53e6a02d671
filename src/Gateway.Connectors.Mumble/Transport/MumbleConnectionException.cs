namespace Gateway.Connectors.Mumble.Transport;

/// <summary>The connection to the Mumble server failed or ended (socket error, TLS failure, time-out, rejection). The session reconnects.</summary>
public sealed class MumbleConnectionException : Exception
{
    public MumbleConnectionException()
    {
    }

    public MumbleConnectionException(string message)
        : base(message)
    {
    }

    public MumbleConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when retrying cannot help without a configuration change (rejected credentials, bad certificate...). The session still retries, but slowly.</summary>
    public bool IsPermanent { get; init; }
}
