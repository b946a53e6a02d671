namespace Gateway.Storage.Repositories;

/// <summary>How a stored call ended.</summary>
public enum CallOutcome
{
    /// <summary>The call's hang time ran out after its last transmission (the normal end).</summary>
    Ended = 0,

    /// <summary>The gateway stopped while the call was open; closed at the next start at its last known activity.</summary>
    GatewayRestart = 1,
}
