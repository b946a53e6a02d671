namespace Gateway.Core.Positions;

/// <summary>A WGS-84 position in decimal degrees (latitude −90..90, north positive; longitude −180..180, east positive).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public static bool IsValidLatitude(double latitude) => double.IsFinite(latitude) && latitude is >= -90 and <= 90;

    public static bool IsValidLongitude(double longitude) => double.IsFinite(longitude) && longitude is >= -180 and <= 180;

    public bool IsValid => IsValidLatitude(Latitude) && IsValidLongitude(Longitude);

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Latitude:F6},{Longitude:F6}");
}
