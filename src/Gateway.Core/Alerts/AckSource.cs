namespace Gateway.Core.Alerts;

/// <summary>Through what an acknowledgement arrived.</summary>
public enum AckSource
{
    Grpc,
    MumbleText,
    Dtmf,
    SelCallAni,
}
