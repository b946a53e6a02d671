namespace Gateway.Core.UnitState;

/// <summary>A unit-state request that cannot be served; <see cref="Field"/> names the request field (the API maps it to a status code).</summary>
public sealed class UnitStateException : Exception
{
    public UnitStateException(string field, string message, bool notFound = false)
        : base($"{field}: {message}")
    {
        Field = field;
        NotFound = notFound;
    }

    public UnitStateException()
        : this("request", "invalid")
    {
    }

    public UnitStateException(string message)
        : this("request", message)
    {
    }

    public UnitStateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "request";
    }

    public string Field { get; } = "request";

    /// <summary>True when the unit or talk group does not exist (NOT_FOUND rather than INVALID_ARGUMENT).</summary>
    public bool NotFound { get; }
}
