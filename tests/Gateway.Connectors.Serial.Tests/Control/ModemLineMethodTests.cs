using Gateway.Connectors.Serial.Control;

namespace Gateway.Connectors.Serial.Tests.Control;

public sealed class ModemLineMethodTests
{
    [Theory]
    [InlineData(ModemLine.Rts, true)]
    [InlineData(ModemLine.Rts, false)]
    [InlineData(ModemLine.Dtr, true)]
    [InlineData(ModemLine.Dtr, false)]
    public void Set_Polarity_DrivesOnlyTheConfiguredLine(ModemLine line, bool activeHigh)
    {
        var lines = new FakeModemLines();
        var ptt = new ModemLinePtt(lines, line, activeHigh);

        ptt.Set(true);
        var keyedLevel = line == ModemLine.Rts ? lines.RtsLevel : lines.DtrLevel;
        ptt.Set(false);
        var idleLevel = line == ModemLine.Rts ? lines.RtsLevel : lines.DtrLevel;

        Assert.Equal(activeHigh, keyedLevel);
        Assert.Equal(!activeHigh, idleLevel);
        Assert.All(lines.Writes, w => Assert.Equal(line.ToString().ToUpperInvariant(), w.Line));
    }

    [Theory]
    [InlineData(ModemLine.Cts, true)]
    [InlineData(ModemLine.Dsr, true)]
    [InlineData(ModemLine.Dcd, true)]
    [InlineData(ModemLine.Cts, false)]
    [InlineData(ModemLine.Dcd, false)]
    public void Sample_Polarity_ReadsOnlyTheConfiguredLine(ModemLine line, bool activeHigh)
    {
        var lines = new FakeModemLines();
        var squelch = new ModemLineSquelch(lines, line, activeHigh);

        Set(lines, line, activeHigh);
        Assert.True(squelch.Sample());
        Set(lines, line, !activeHigh);
        Assert.False(squelch.Sample());

        // The other inputs do not matter.
        lines.CtsLevel = lines.DsrLevel = lines.DcdLevel = !activeHigh;
        Set(lines, line, activeHigh);
        Assert.True(squelch.Sample());
    }

    [Fact]
    public void Constructors_WrongDirection_Throw()
    {
        var lines = new FakeModemLines();
        Assert.Throws<ArgumentException>(() => new ModemLinePtt(lines, ModemLine.Cts, true));
        Assert.Throws<ArgumentException>(() => new ModemLineSquelch(lines, ModemLine.Rts, true));
    }

    [Fact]
    public void Sample_PortGone_ThrowsIOException()
    {
        var lines = new FakeModemLines { Gone = true };
        Assert.Throws<IOException>(() => new ModemLineSquelch(lines, ModemLine.Dcd, true).Sample());
        Assert.Throws<IOException>(() => new ModemLinePtt(lines, ModemLine.Rts, true).Set(false));
    }

    private static void Set(FakeModemLines lines, ModemLine line, bool level)
    {
        switch (line)
        {
            case ModemLine.Cts: lines.CtsLevel = level; break;
            case ModemLine.Dsr: lines.DsrLevel = level; break;
            default: lines.DcdLevel = level; break;
        }
    }
}
