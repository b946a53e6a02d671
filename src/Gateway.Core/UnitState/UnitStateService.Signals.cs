using Gateway.Core.Alerts;
using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Core.Units;

namespace Gateway.Core.UnitState;

// Field signalling: DTMF (collected per endpoint until '#'), 5-tone and text, read by the pure parser and applied here.
public sealed partial class UnitStateService
{
    private async Task ListenAsync()
    {
        var reader = _subscription!.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                while (reader.TryRead(out var gatewayEvent))
                {
                    if (gatewayEvent is SignalReceived signal)
                    {
                        OnSignal(signal);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Handles one field signal (the bus listener calls it; tests may call it directly).</summary>
    public void OnSignal(SignalReceived signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        IReadOnlyList<UnitSignalMatch> matches;
        UnitIdentityKind identityKind;
        AckSource via;
        switch (signal.Kind)
        {
            case SignalKind.Dtmf:
                string? sequence;
                lock (_dtmf)
                {
                    sequence = _dtmf.Add(signal.Endpoint, signal.Value, signal.Time);
                }

                if (sequence is null)
                {
                    return;
                }

                matches = _parser.ParseDtmf(sequence);
                identityKind = UnitIdentityKind.DtmfId;
                via = AckSource.Dtmf;
                break;
            case SignalKind.SelCall:
                // A unit's plain 5-tone code is its ANI (an identification, or an acknowledgement), never a status request.
                matches = _units.FindByIdentity(UnitIdentityKind.SelCall, signal.Value) is null ? _parser.ParseSelCall(signal.Value) : [];
                identityKind = UnitIdentityKind.SelCall;
                via = AckSource.SelCallAni;
                break;
            case SignalKind.Text:
                matches = _parser.ParseText(signal.Value) is { } text ? [text] : [];
                identityKind = UnitIdentityKind.MumbleUser;
                via = AckSource.MumbleText;
                break;
            default:
                return;
        }

        foreach (var match in matches)
        {
            // An empty identity means "the sender": the connector must have identified the unit (Mumble user, radio ANI).
            var unit = match.Identity.Length == 0 || signal.Kind == SignalKind.Text
                ? signal.Unit
                : _units.FindByIdentity(identityKind, match.Identity)?.Settings.Id;
            if (unit is { } known)
            {
                Apply(known, match, signal, via);
                return;
            }
        }

        if (matches.Count > 0)
        {
            LogSignalUnmatched(_logger, signal.Kind, signal.Value, signal.Endpoint);
        }
    }

    private void Apply(UnitId unit, UnitSignalMatch match, SignalReceived signal, AckSource via)
    {
        var source = $"{SourceName(signal.Kind)}:{signal.Endpoint}";
        try
        {
            switch (match.Kind)
            {
                case UnitSignalKind.Emergency:
                    RaiseEmergency(unit, signal.Group, source, match.Note, endpoint: signal.Endpoint);
                    break;
                case UnitSignalKind.CancelEmergency:
                    CancelEmergency(unit, source);
                    break;
                default:
                    SetStatus(unit, match.Status!, source, match.Note, via);
                    break;
            }
        }
        catch (UnitStateException ex)
        {
            LogSignalRejected(_logger, signal.Kind, signal.Value, ex.Message);
        }
    }

    private static string SourceName(SignalKind kind) => kind switch
    {
        SignalKind.Dtmf => "dtmf",
        SignalKind.SelCall => "selcall",
        _ => "text",
    };
}
