namespace Gateway.Connectors.Rtp;

/// <summary>An RTP endpoint's configuration is invalid; <see cref="Errors"/> names every bad key.</summary>
public sealed class RtpConfigurationException : Exception
{
    public RtpConfigurationException()
        : this([])
    {
    }

    public RtpConfigurationException(string message)
        : this([message])
    {
    }

    public RtpConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public RtpConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
