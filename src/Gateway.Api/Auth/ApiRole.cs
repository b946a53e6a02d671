namespace Gateway.Api.Auth;

/// <summary>API key roles (contract). Each role includes the rights of the ones before it.</summary>
public enum ApiRole
{
    /// <summary>Read, monitor, subscribe to events.</summary>
    Observer = 1,

    /// <summary>Observer plus talk, alerts, check-in/out.</summary>
    Dispatcher = 2,

    /// <summary>Dispatcher plus create/update/delete talk groups and patches.</summary>
    Admin = 3,
}
