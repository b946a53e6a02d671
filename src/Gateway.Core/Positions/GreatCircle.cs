namespace Gateway.Core.Positions;

/// <summary>
/// Distances on the earth treated as a sphere of the IUGG mean radius. The haversine form stays accurate for short
/// distances (a few metres), where the spherical law of cosines loses precision; the spherical model is within about
/// 0.5 % of the ellipsoid, far below a handset's GPS accuracy for "who is nearest".
/// </summary>
public static class GreatCircle
{
    /// <summary>Mean earth radius R1 = (2a + b) / 3 of WGS-84, in metres.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    public static double DistanceMetres(GeoPoint from, GeoPoint to)
    {
        var lat1 = ToRadians(from.Latitude);
        var lat2 = ToRadians(to.Latitude);
        var dLat = lat2 - lat1;
        var dLon = ToRadians(to.Longitude - from.Longitude);
        var sinLat = Math.Sin(dLat / 2);
        var sinLon = Math.Sin(dLon / 2);
        var h = (sinLat * sinLat) + (Math.Cos(lat1) * Math.Cos(lat2) * sinLon * sinLon);

        // Rounding can push h a hair above 1 for antipodal points; asin would then return NaN.
        return 2 * EarthRadiusMetres * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
