namespace Gateway.Host.Configuration.Validation;

/// <summary>
/// Checks a bound <see cref="GatewayOptions"/> and returns every problem, one line each (empty = valid).
/// Talk groups are checked first because units, keys and endpoints refer to them.
/// </summary>
public static class GatewayOptionsValidator
{
    public static IReadOnlyList<string> Validate(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigurationProblems();
        var context = new ValidationContext(problems);

        Checks.Required(problems, "Gateway:NodeName", options.NodeName);
        TalkGroupsValidator.Validate(options.TalkGroups, context);
        UnitsValidator.Validate(options.Units, context);
        if (options.Positions.StaleAfterSeconds is < 1 or > 7 * 24 * 3600)
        {
            problems.Invalid("Gateway:Positions:StaleAfterSeconds", options.Positions.StaleAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 604800 (7 days)");
        }
        GrpcOptionsValidator.Validate(options.Grpc, context);
        StorageOptionsValidator.Validate(options.Storage, options.Recording, options.Logging, context);
        RtpEndpointsValidator.Validate(options.Connectors.Rtp, context);
        MumbleConnectorsValidator.Validate(options.Connectors.Mumble, context);
        SerialRadiosValidator.Validate(options.Connectors.Serial, context);
        return problems.Lines;
    }
}
