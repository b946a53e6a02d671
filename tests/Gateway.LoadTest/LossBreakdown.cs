using System.Globalization;

namespace Gateway.LoadTest;

/// <summary>
/// Where lost frames went missing. A frame missing at every measured listener of its group never left the gateway (or
/// never reached it); one missing at only some listeners was lost in delivery. Lost listener-frames are also counted per
/// second of talker time, to show bursts (start, end, a stall).
/// </summary>
/// <param name="GroupWideFrames">Frames (after warm-up) missing at every measured listener of their group.</param>
/// <param name="GroupsWithGroupWideLoss">Groups with at least one such frame.</param>
/// <param name="ListenerFramesLostGroupWide">Lost listener-frames belonging to group-wide losses.</param>
/// <param name="ListenerFramesLostPartially">Lost listener-frames of frames that other listeners of the group did get.</param>
/// <param name="LostBySecond">Lost listener-frames per second of talker time (frame number / 50), seconds with losses only.</param>
/// <param name="GroupWideByGroup">Group number (1-based, as in the endpoint ids) → its frames lost at all its listeners.</param>
internal sealed record LossBreakdown(
    long GroupWideFrames,
    int GroupsWithGroupWideLoss,
    long ListenerFramesLostGroupWide,
    long ListenerFramesLostPartially,
    IReadOnlyDictionary<int, long> LostBySecond,
    IReadOnlyDictionary<int, long> GroupWideByGroup)
{
    /// <param name="measured">Listeners whose every frame is identified (pass-through and tracked transcoded).</param>
    public static LossBreakdown Of(IEnumerable<Listener> measured, long warmFrames)
    {
        long groupWide = 0, lostGroupWide = 0, lostPartially = 0;
        var groups = 0;
        var bySecond = new SortedDictionary<int, long>();
        var byGroup = new SortedDictionary<int, long>();
        foreach (var group in measured.GroupBy(l => l.Talker!))
        {
            var listeners = group.ToList();
            var groupWideHere = false;
            for (var frame = warmFrames; frame < group.Key.Sent; frame++)
            {
                var missing = listeners.Count(l => !l.Has(frame));
                if (missing == 0)
                {
                    continue;
                }

                var second = (int)(frame / 50);
                bySecond[second] = bySecond.GetValueOrDefault(second) + missing;
                if (missing == listeners.Count)
                {
                    groupWide++;
                    lostGroupWide += missing;
                    byGroup[group.Key.Group + 1] = byGroup.GetValueOrDefault(group.Key.Group + 1) + 1;
                    groupWideHere = true;
                }
                else
                {
                    lostPartially += missing;
                }
            }

            groups += groupWideHere ? 1 : 0;
        }

        return new LossBreakdown(groupWide, groups, lostGroupWide, lostPartially, bySecond, byGroup);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{GroupWideFrames:N0} frames lost at all listeners of their group ({GroupsWithGroupWideLoss} groups, {ListenerFramesLostGroupWide:N0} listener-frames), {ListenerFramesLostPartially:N0} listener-frames lost at only some listeners");

    /// <summary>Groups with group-wide losses, e.g. "1: 8, 3: 8" (the first <paramref name="count"/>).</summary>
    public string Groups(int count) => GroupWideByGroup.Count == 0
        ? "none"
        : string.Join(", ", GroupWideByGroup.Take(count).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value}")))
          + (GroupWideByGroup.Count > count ? ", ..." : string.Empty);

    /// <summary>The seconds with the most lost listener-frames, e.g. "t=12 s: 400, t=3 s: 20".</summary>
    public string Bursts(int count) => LostBySecond.Count == 0
        ? "none"
        : string.Join(", ", LostBySecond.OrderByDescending(kv => kv.Value).Take(count).Select(kv => string.Create(CultureInfo.InvariantCulture, $"t={kv.Key} s: {kv.Value:N0}")));
}
