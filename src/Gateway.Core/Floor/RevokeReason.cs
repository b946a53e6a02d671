namespace Gateway.Core.Floor;

/// <summary>Why a transmission ended (recorded on the transmission, contract for call records).</summary>
public enum TransmissionEndReason
{
    Released = 0,
    PreEmpted = 1,
    MaxTransmitTime = 2,
    HolderLost = 3,
    GroupRemoved = 4,
    Shutdown = 5,
}
