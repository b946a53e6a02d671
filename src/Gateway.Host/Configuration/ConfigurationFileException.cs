namespace Gateway.Host.Configuration;

/// <summary>A configuration file is missing or is not valid JSON (the host exits with code 2).</summary>
public sealed class ConfigurationFileException : Exception
{
    public ConfigurationFileException()
    {
    }

    public ConfigurationFileException(string message)
        : base(message)
    {
    }

    public ConfigurationFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
