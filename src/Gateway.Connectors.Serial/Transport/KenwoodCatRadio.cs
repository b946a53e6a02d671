using Gateway.Connectors.Serial.Protocol;

namespace Gateway.Connectors.Serial.Transport;

/// <summary>Kenwood-style text CAT: <c>TX;</c>/<c>RX;</c> for PTT, <c>BY;</c> for squelch, <c>IF;</c> to read the TX state back.</summary>
public sealed class KenwoodCatRadio : CatRadio
{
    public KenwoodCatRadio(ISerialPort port, TimeProvider time, TimeSpan queryInterval)
        : base(port, time, queryInterval)
    {
    }

    public override string Method => "cat-kenwood";

    protected override int WritePtt(Span<byte> destination, bool transmit)
    {
        var command = transmit ? KenwoodWriter.Transmit : KenwoodWriter.Receive;
        command.CopyTo(destination);
        return command.Length;
    }

    protected override int WriteSquelchQuery(Span<byte> destination)
    {
        KenwoodWriter.BusyQuery.CopyTo(destination);
        return KenwoodWriter.BusyQuery.Length;
    }

    protected override int WriteTransmitStateQuery(Span<byte> destination)
    {
        KenwoodWriter.InformationQuery.CopyTo(destination);
        return KenwoodWriter.InformationQuery.Length;
    }

    protected override CatReadStatus ReadOne(ReadOnlySpan<byte> input, out int consumed)
    {
        var status = KenwoodReader.TryRead(input, out var message, out consumed);
        if (status != CatReadStatus.Message)
        {
            return status;
        }

        if (message.IsError)
        {
            OnRefused();
        }
        else if (KenwoodStatus.TryParseBusy(message, out var busy))
        {
            OnSquelchReport(busy);
        }
        else if (KenwoodStatus.TryParseTransmitting(message, out var transmitting))
        {
            OnTransmitReport(transmitting);
        }

        // Other answers (FA, ID, AI...) are valid but not ours to act on.
        return status;
    }
}
