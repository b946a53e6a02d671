namespace Gateway.Storage.Repositories;

/// <summary>Why a stored transmission ended: the core's <see cref="Core.Floor.TransmissionEndReason"/> plus <see cref="GatewayRestart"/>.</summary>
public enum TransmissionOutcome
{
    Released = 0,
    PreEmpted = 1,
    MaxTransmit = 2,
    HolderLost = 3,
    GroupRemoved = 4,
    Shutdown = 5,

    /// <summary>The gateway stopped (crash or kill) while the transmission was open; closed at the next start.</summary>
    GatewayRestart = 6,
}
