using Gateway.Core.UnitState;
using Microsoft.Extensions.Options;

namespace Gateway.Api.UnitState;

/// <summary>Checks <c>Gateway:Emergency</c> and <c>Gateway:Statuses</c> at start: one failure line per problem, naming the key.</summary>
internal sealed class UnitStateOptionsValidation : IValidateOptions<UnitStateOptions>
{
    public ValidateOptionsResult Validate(string? name, UnitStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
