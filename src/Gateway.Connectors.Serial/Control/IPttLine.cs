namespace Gateway.Connectors.Serial.Control;

/// <summary>Keys and unkeys the radio (SvxLink's <c>Ptt::setTxOn</c>). Throws when the command cannot be delivered.</summary>
public interface IPttLine
{
    /// <summary>Configuration name of the method (rts, dtr, cat-kenwood, cat-civ, none).</summary>
    string Method { get; }

    void Set(bool transmit);

    /// <summary>
    /// Asks the radio whether it really is in receive (CAT read-back). Returns true when confirmed, false when the radio
    /// reports transmit or does not answer in time; methods without read-back return true.
    /// </summary>
    Task<bool> ConfirmReceiveAsync(CancellationToken cancellationToken);
}
