namespace Gateway.Core.Provisioning;

/// <summary>A run-time endpoint create was refused; <see cref="Failure"/> says why and <see cref="Field"/> which setting.</summary>
public sealed class EndpointProvisioningException : Exception
{
    public EndpointProvisioningException()
        : this(ProvisioningFailure.InvalidSetting, null, "the endpoint cannot be created")
    {
    }

    public EndpointProvisioningException(string message)
        : this(ProvisioningFailure.InvalidSetting, null, message)
    {
    }

    public EndpointProvisioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EndpointProvisioningException(ProvisioningFailure failure, string? field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Field = field;
    }

    public ProvisioningFailure Failure { get; }

    /// <summary>The <see cref="RtpEndpointDefinition"/> property at fault (e.g. <c>Listen</c>), when one is.</summary>
    public string? Field { get; }
}
