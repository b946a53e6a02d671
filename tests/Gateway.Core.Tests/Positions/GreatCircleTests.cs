using Gateway.Core.Positions;

namespace Gateway.Core.Tests.Positions;

public sealed class GreatCircleTests
{
    private const double R = GreatCircle.EarthRadiusMetres;

    [Fact]
    public void DistanceMetres_SamePoint_Zero()
    {
        var p = new GeoPoint(23.1375, 113.3245);
        Assert.Equal(0, GreatCircle.DistanceMetres(p, p));
    }

    [Fact]
    public void DistanceMetres_OneDegreeAlongMeridian_ArcOfOneDegree()
    {
        var d = GreatCircle.DistanceMetres(new GeoPoint(10, 20), new GeoPoint(11, 20));
        Assert.Equal(R * Math.PI / 180, d, 1e-6);
    }

    [Fact]
    public void DistanceMetres_QuarterOfEquator_QuarterCircumference()
    {
        var d = GreatCircle.DistanceMetres(new GeoPoint(0, 0), new GeoPoint(0, 90));
        Assert.Equal(R * Math.PI / 2, d, 1e-6);
    }

    [Fact]
    public void DistanceMetres_Antipodes_HalfCircumferenceNotNaN()
    {
        var d = GreatCircle.DistanceMetres(new GeoPoint(45, 10), new GeoPoint(-45, -170));
        Assert.Equal(R * Math.PI, d, 1e-3);
    }

    [Fact]
    public void DistanceMetres_AcrossDateLine_ShortWayRound()
    {
        // 179.9 E to 179.9 W on the equator: 0.2 degrees, not 359.8.
        var d = GreatCircle.DistanceMetres(new GeoPoint(0, 179.9), new GeoPoint(0, -179.9));
        Assert.Equal(R * 0.2 * Math.PI / 180, d, 1e-6);
    }

    [Fact]
    public void DistanceMetres_LaxToJfk_MatchesAviationFormularyExample()
    {
        // Ed Williams' Aviation Formulary worked example: LAX (33°57'N 118°24'W) to JFK (40°38'N 73°47'W)
        // is 0.623585 radians of great circle (about 2144 nm).
        var lax = new GeoPoint(33 + (57 / 60.0), -(118 + (24 / 60.0)));
        var jfk = new GeoPoint(40 + (38 / 60.0), -(73 + (47 / 60.0)));
        Assert.Equal(0.623585, GreatCircle.DistanceMetres(lax, jfk) / R, 1e-6);
    }

    [Fact]
    public void DistanceMetres_ShortDistance_CentimetrePrecise()
    {
        // 10 m north of a point in Guangzhou: haversine keeps centimetres where the law of cosines loses them.
        var from = new GeoPoint(23.1375, 113.3245);
        var to = new GeoPoint(23.1375 + (10 / (R * Math.PI / 180)), 113.3245);
        Assert.Equal(10, GreatCircle.DistanceMetres(from, to), 1e-6);
    }

    [Fact]
    public void DistanceMetres_RandomPairs_SymmetricAndAgreesWithVectorFormula()
    {
        var random = new Random(11);
        for (var i = 0; i < 1000; i++)
        {
            var a = new GeoPoint((random.NextDouble() * 180) - 90, (random.NextDouble() * 360) - 180);
            var b = new GeoPoint((random.NextDouble() * 180) - 90, (random.NextDouble() * 360) - 180);
            var d = GreatCircle.DistanceMetres(a, b);
            Assert.Equal(d, GreatCircle.DistanceMetres(b, a), 1e-6);
            Assert.Equal(VectorDistance(a, b), d, 1e-3);
        }
    }

    // An independent formula: the angle between the two unit vectors, atan2(|a×b|, a·b).
    private static double VectorDistance(GeoPoint a, GeoPoint b)
    {
        var (ax, ay, az) = Unit(a);
        var (bx, by, bz) = Unit(b);
        var cx = (ay * bz) - (az * by);
        var cy = (az * bx) - (ax * bz);
        var cz = (ax * by) - (ay * bx);
        return R * Math.Atan2(Math.Sqrt((cx * cx) + (cy * cy) + (cz * cz)), (ax * bx) + (ay * by) + (az * bz));

        static (double X, double Y, double Z) Unit(GeoPoint p)
        {
            var lat = p.Latitude * Math.PI / 180;
            var lon = p.Longitude * Math.PI / 180;
            return (Math.Cos(lat) * Math.Cos(lon), Math.Cos(lat) * Math.Sin(lon), Math.Sin(lat));
        }
    }
}
