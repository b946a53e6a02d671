using Gateway.Core.Positions;

namespace Gateway.Api.Mapping;

/// <summary>Positions → gateway.v1 messages.</summary>
public static class PositionProtoMapper
{
    public static V1.UnitPosition ToProto(UnitPositionStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var p = status.Position;
        return new V1.UnitPosition
        {
            Latitude = p.Point.Latitude,
            Longitude = p.Point.Longitude,
            AccuracyM = p.AccuracyMetres,
            Time = ProtoMapper.ToProto(p.Time),
            ReceivedAt = ProtoMapper.ToProto(p.ReceivedAt),
            Stale = status.Stale,
            AgeMs = (long)status.Age.TotalMilliseconds,
            Source = p.Source,
        };
    }
}
