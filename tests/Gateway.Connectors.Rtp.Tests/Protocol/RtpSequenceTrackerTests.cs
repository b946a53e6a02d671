using Gateway.Connectors.Rtp.Protocol;

namespace Gateway.Connectors.Rtp.Tests.Protocol;

public sealed class RtpSequenceTrackerTests
{
    [Fact]
    public void Update_NewSource_NeedsTwoInOrderPacketsBeforeValid()
    {
        var t = new RtpSequenceTracker();

        Assert.Equal(SequenceResult.Probation, t.Update(1000));
        Assert.Equal(SequenceResult.Validated, t.Update(1001));
        Assert.Equal(SequenceResult.Valid, t.Update(1002));
        Assert.Equal(2, t.Received);
        Assert.Equal(2, t.Expected);
    }

    [Fact]
    public void Update_OutOfOrderDuringProbation_RestartsProbation()
    {
        var t = new RtpSequenceTracker();

        Assert.Equal(SequenceResult.Probation, t.Update(10));
        Assert.Equal(SequenceResult.Probation, t.Update(50));
        Assert.Equal(SequenceResult.Validated, t.Update(51));
    }

    [Fact]
    public void Update_AcrossWrap_CountsCyclesInExtendedSequence()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        Assert.Equal(SequenceResult.Validated, t.Update(65534));
        Assert.Equal(SequenceResult.Valid, t.Update(65535));
        Assert.Equal(SequenceResult.Valid, t.Update(0));
        Assert.Equal(SequenceResult.Valid, t.Update(1));

        Assert.Equal(65536 + 1, t.ExtendedMax);
        Assert.Equal(4, t.Expected);
        Assert.Equal(0, t.Lost);
        Assert.Equal(65535, t.Extend(65535));
    }

    [Fact]
    public void Update_GapThenLatePacket_CountsLossAndMisorder()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        t.Update(100);
        t.Update(103);
        Assert.Equal(2, t.Lost);

        Assert.Equal(SequenceResult.Misordered, t.Update(101));
        Assert.Equal(1, t.Lost);
        Assert.Equal(4, t.Expected);
    }

    [Fact]
    public void Update_HugeJump_DroppedUntilConfirmedThenRestarts()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        t.Update(100);
        t.Update(101);

        Assert.Equal(SequenceResult.BadJump, t.Update(30000));
        Assert.Equal(SequenceResult.Restarted, t.Update(30001));
        Assert.Equal(SequenceResult.Valid, t.Update(30002));
        Assert.Equal(2, t.Received);
    }

    [Fact]
    public void TakeFractionLost_QuarterLost_Returns64()
    {
        var t = new RtpSequenceTracker(minSequential: 1);
        for (ushort s = 0; s < 8; s++)
        {
            if (s % 4 != 1)
            {
                t.Update(s);
            }
        }

        // 0..7 expected (8), 2 lost => 256 * 2 / 8 = 64.
        Assert.Equal(64, t.TakeFractionLost());
        Assert.Equal(0, t.TakeFractionLost());
    }
}
