using Gateway.Api.Errors;
using Gateway.Core.Positions;

namespace Gateway.Api.Validation;

/// <summary>Checks for positions and distances; each failure is INVALID_ARGUMENT naming the field.</summary>
public static class GeoValidate
{
    public static GeoPoint Point(double latitude, double longitude, string prefix)
    {
        if (!GeoPoint.IsValidLatitude(latitude))
        {
            throw ApiErrors.InvalidArgument(prefix + "latitude", $"is {latitude}; it must be between -90 and 90 degrees");
        }

        if (!GeoPoint.IsValidLongitude(longitude))
        {
            throw ApiErrors.InvalidArgument(prefix + "longitude", $"is {longitude}; it must be between -180 and 180 degrees");
        }

        return new GeoPoint(latitude, longitude);
    }

    /// <summary>A radius in metres: more than 0, at most half the earth's circumference.</summary>
    public static double Radius(double metres, string field)
    {
        if (!double.IsFinite(metres) || metres <= 0 || metres > Core.Alerts.NearestUnitsTarget.MaxRadiusMetres)
        {
            throw ApiErrors.InvalidArgument(field, $"is {metres}; it must be more than 0 and at most {Core.Alerts.NearestUnitsTarget.MaxRadiusMetres} metres");
        }

        return metres;
    }

    public static double Accuracy(double metres, string field)
    {
        if (!double.IsFinite(metres) || metres < 0)
        {
            throw ApiErrors.InvalidArgument(field, $"is {metres}; it must be 0 (unknown) or more metres");
        }

        return metres;
    }
}
