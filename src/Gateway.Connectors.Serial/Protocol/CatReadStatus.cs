namespace Gateway.Connectors.Serial.Protocol;

/// <summary>The result of one attempt to read a CAT message from buffered bytes.</summary>
public enum CatReadStatus
{
    /// <summary>More bytes are needed; nothing was consumed.</summary>
    Incomplete = 0,

    /// <summary>A message was read; <c>consumed</c> bytes belong to it.</summary>
    Message = 1,

    /// <summary>The first <c>consumed</c> bytes cannot start a valid message and were skipped (the caller counts them).</summary>
    Malformed = 2,
}
