using Microsoft.Extensions.Options;

namespace Gateway.Host.Hosting;

/// <summary>
/// Components validate their own options too (<c>ValidateOnStart</c>, e.g. the API and the connectors). The host runs
/// those checks before any hosted service starts; their failures are configuration problems as well, so they are
/// reported one line each with exit code 2, like the host's own checks, instead of as a crash.
/// </summary>
internal static class StartupValidationFailures
{
    public static bool TryGetProblems(Exception exception, out IReadOnlyList<string> problems)
    {
        var lines = new List<string>();
        var onlyValidation = Collect(exception, lines);
        problems = lines;
        return onlyValidation && lines.Count > 0;
    }

    private static bool Collect(Exception exception, List<string> lines)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                lines.AddRange(validation.Failures.Select(f => f.Trim().TrimEnd('.')));
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, lines));
            default:
                return false;
        }
    }
}
