using Gateway.Host.Configuration.Validation;

namespace Gateway.Host.Configuration;

/// <summary>Binds the <c>Gateway</c> section and validates it: the raw shape first (unknown keys, bad values), then the bound values.</summary>
public static class GatewayOptionsLoader
{
    /// <summary>The options when <paramref name="problems"/> is empty; otherwise null and every problem, one line each.</summary>
    public static GatewayOptions? Load(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GatewayOptions.SectionName);
        var shape = new ConfigurationProblems();
        ConfigurationShapeValidator.Validate(section, typeof(GatewayOptions), shape);

        GatewayOptions options;
        try
        {
            options = Bind(section);
        }
        catch (InvalidOperationException) when (shape.HasAny)
        {
            // A value that does not convert: the binder stops at the first one, the shape problems already name them all.
            problems = shape.Lines;
            return null;
        }

        // Unknown keys do not stop binding, so they are reported together with the problems of the values.
        problems = [.. shape.Lines, .. GatewayOptionsValidator.Validate(options)];
        return problems.Count == 0 ? options : null;
    }

    /// <summary>
    /// Binds into fresh options. Configured lists replace the options' default lists (see <see cref="ConfiguredLists"/>):
    /// the binder alone would append to them, e.g. widen an API key limited to one talk group to <c>*</c>.
    /// </summary>
    public static GatewayOptions Bind(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new GatewayOptions();
        section.Bind(options);
        ConfiguredLists.Normalize(options, section);
        return options;
    }
}
