namespace Gateway.Connectors.Serial.Control;

/// <summary>
/// Decodes a talker's identity (DTMF digits or a 5-tone selcall) from received radio audio. Fed every captured 48 kHz
/// frame while the squelch is open; reset at every new opening.
/// </summary>
public interface IAniDecoder
{
    /// <summary>The unit identity the decoded string is matched against (DtmfId or SelCall).</summary>
    Gateway.Core.Units.UnitIdentityKind IdentityKind { get; }

    void Reset();

    /// <summary>Returns true once, when a complete identity has been decoded.</summary>
    bool TryDecode(ReadOnlySpan<float> frame48k, out string identity);

    /// <summary>
    /// The whole sequence behind the last identity, markers included (DTMF "*9031" where the identity is "9031"): what is
    /// published as field signalling, so emergency and status codes survive. Null when it is the identity itself.
    /// </summary>
    string? LastSequence => null;
}
