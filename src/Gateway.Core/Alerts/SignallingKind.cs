namespace Gateway.Core.Alerts;

public enum SignallingKind
{
    None,
    AlertTone,
    TwoTone,
    SelCall,
    Dtmf,
}
