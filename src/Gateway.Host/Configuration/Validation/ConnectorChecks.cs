namespace Gateway.Host.Configuration.Validation;

/// <summary>Checks shared by the connector validators.</summary>
internal static class ConnectorChecks
{
    /// <summary>Endpoint ids are unique across every connector kind (the switchboard and the API know endpoints by id alone).</summary>
    public static void EndpointId(ValidationContext context, string key, string? id)
    {
        if (Checks.Id(context.Problems, key, id) && !context.TryAddEndpoint(id!, key))
        {
            context.Problems.Invalid(key, id, "is duplicated");
        }
    }
}
