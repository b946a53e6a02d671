using Gateway.Connectors.Serial.Protocol;

namespace Gateway.Connectors.Serial.Transport;

/// <summary>
/// ICOM CI-V: <c>1C 00 01/00</c> for PTT, <c>15 01</c> for squelch, <c>1C 00</c> to read the TX state back. The CI-V
/// bus is one wire, so every frame we send comes back to us: frames from our own address are echoes and are skipped,
/// as are frames addressed to another controller.
/// </summary>
public sealed class CivCatRadio : CatRadio
{
    private readonly byte _radio;
    private readonly byte _controller;

    public CivCatRadio(ISerialPort port, TimeProvider time, TimeSpan queryInterval, byte radioAddress, byte controllerAddress = CivProtocol.ControllerAddress)
        : base(port, time, queryInterval)
    {
        _radio = radioAddress;
        _controller = controllerAddress;
    }

    public override string Method => "cat-civ";

    /// <summary>Our own frames seen again on the bus.</summary>
    public long Echoes { get; private set; }

    protected override int WritePtt(Span<byte> destination, bool transmit) => CivWriter.WritePtt(destination, _radio, _controller, transmit);

    protected override int WriteSquelchQuery(Span<byte> destination) => CivWriter.WriteSquelchQuery(destination, _radio, _controller);

    protected override int WriteTransmitStateQuery(Span<byte> destination) => CivWriter.WritePttQuery(destination, _radio, _controller);

    protected override CatReadStatus ReadOne(ReadOnlySpan<byte> input, out int consumed)
    {
        var status = CivReader.TryRead(input, out var frame, out consumed);
        if (status != CatReadStatus.Message)
        {
            return status;
        }

        if (frame!.From == _controller)
        {
            Echoes++;
            return status;
        }

        if (frame.From != _radio || (frame.To != _controller && frame.To != 0x00))
        {
            return status;
        }

        if (frame.IsNak)
        {
            OnRefused();
        }
        else if (CivStatus.TryParseSquelchOpen(frame, out var open))
        {
            OnSquelchReport(open);
        }
        else if (CivStatus.TryParseTransmitting(frame, out var transmitting))
        {
            OnTransmitReport(transmitting);
        }

        return status;
    }
}
