using Microsoft.Extensions.Options;

namespace Gateway.Core.Positions;

/// <summary>Validates <c>Gateway:Positions</c> at start (with <c>ValidateOnStart</c>): one line per problem, naming the key.</summary>
public sealed class PositionOptionsValidator : IValidateOptions<PositionOptions>
{
    public ValidateOptionsResult Validate(string? name, PositionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
