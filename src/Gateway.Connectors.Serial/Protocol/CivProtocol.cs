namespace Gateway.Connectors.Serial.Protocol;

/// <summary>CI-V constants (ICOM CI-V reference; Hamlib icom_defs.h names the same values).</summary>
public static class CivProtocol
{
    public const byte Preamble = 0xFE;
    public const byte EndOfMessage = 0xFD;
    public const byte Ack = 0xFB;
    public const byte Nak = 0xFA;

    /// <summary>Jammer code: a controller that sees a collision on the one-wire bus sends it.</summary>
    public const byte Collision = 0xFC;

    /// <summary>The customary address of the controlling computer.</summary>
    public const byte ControllerAddress = 0xE0;

    /// <summary><c>1C 00 xx</c>: transceiver TX state (xx 01 = transmit, 00 = receive); <c>1C 00</c> alone reads it.</summary>
    public const byte CommandPttGroup = 0x1C;
    public const byte SubPtt = 0x00;

    /// <summary><c>15 01</c>: squelch status read; the answer's data byte is 00 (closed) or 01 (open).</summary>
    public const byte CommandMeter = 0x15;
    public const byte SubSquelchStatus = 0x01;

    /// <summary>The shortest frame: preamble (2), to, from, command, FD.</summary>
    public const int MinFrameLength = 6;

    /// <summary>Longer frames are not from a radio we talk to (memory contents are ~40 bytes).</summary>
    public const int MaxFrameLength = 64;
}
