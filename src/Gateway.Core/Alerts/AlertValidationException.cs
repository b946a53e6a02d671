namespace Gateway.Core.Alerts;

/// <summary>A broadcast request that cannot be played; <see cref="Field"/> names the offending field (API field names).</summary>
public sealed class AlertValidationException : Exception
{
    public AlertValidationException(string field, string problem, bool failedPrecondition = false)
        : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
        FailedPrecondition = failedPrecondition;
    }

    public AlertValidationException()
    {
        Field = string.Empty;
        Problem = string.Empty;
    }

    public AlertValidationException(string message)
        : base(message)
    {
        Field = string.Empty;
        Problem = message;
    }

    public AlertValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
        Problem = message;
    }

    public string Field { get; }

    public string Problem { get; }

    /// <summary>The request is valid but the gateway cannot serve it (e.g. text-to-speech without espeak-ng).</summary>
    public bool FailedPrecondition { get; }
}
