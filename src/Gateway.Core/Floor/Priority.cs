namespace Gateway.Core.Floor;

/// <summary>Talk priority (contract). A strictly higher priority pre-empts the current floor holder.</summary>
public enum Priority
{
    Normal = 0,
    Dispatcher = 1,
    Alert = 2,
    Emergency = 3,
}
