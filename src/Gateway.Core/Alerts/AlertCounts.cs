namespace Gateway.Core.Alerts;

/// <summary>
/// The response board's summary: acknowledged within 1, 3 and 5 minutes of being notified, and (from <c>on_scene</c> status
/// messages) on scene, on scene within 3 and within 5 minutes.
/// </summary>
public sealed record AlertCounts(int Targeted, int Acknowledged, int Within1Minute, int Within3Minutes, int Within5Minutes, int Outstanding)
{
    public static AlertCounts From(IReadOnlyList<UnitAlertStatus> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        int acked = 0, w1 = 0, w3 = 0, w5 = 0, outstanding = 0, onScene = 0, onScene3 = 0, onScene5 = 0;
        foreach (var unit in units)
        {
            if (unit.ArrivalTime is { } arrival)
            {
                onScene++;
                onScene3 += arrival <= TimeSpan.FromMinutes(3) ? 1 : 0;
                onScene5 += arrival <= TimeSpan.FromMinutes(5) ? 1 : 0;
            }

            if (unit.Outstanding)
            {
                outstanding++;
            }

            if (unit.ResponseTime is not { } response)
            {
                continue;
            }

            acked++;
            w1 += response <= TimeSpan.FromMinutes(1) ? 1 : 0;
            w3 += response <= TimeSpan.FromMinutes(3) ? 1 : 0;
            w5 += response <= TimeSpan.FromMinutes(5) ? 1 : 0;
        }

        return new AlertCounts(units.Count, acked, w1, w3, w5, outstanding) { OnScene = onScene, OnSceneWithin3Minutes = onScene3, OnSceneWithin5Minutes = onScene5 };
    }

    public int OnScene { get; init; }

    public int OnSceneWithin3Minutes { get; init; }

    public int OnSceneWithin5Minutes { get; init; }
}
