using Gateway.Connectors.Serial.Control;

namespace Gateway.Connectors.Serial.Tests.Control;

public sealed class SquelchGateTests
{
    [Fact]
    public void Update_OpenLongerThanMinimum_OpensOnceThenClosesAfterDebounce()
    {
        var gate = new SquelchGate(debounceMs: 40, minOpenMs: 150);
        var transitions = Run(gate, open: (0, 1000), until: 1200, step: 10);

        Assert.Equal([(150L, SquelchTransition.Opened), (1040L, SquelchTransition.Closed)], transitions);
        Assert.Equal(0, gate.OpenedRawAtMs);
        Assert.Equal(0, gate.KerchunksIgnored);
    }

    [Fact]
    public void Update_KerchunkShorterThanMinimum_IgnoredAndCounted()
    {
        var gate = new SquelchGate(debounceMs: 40, minOpenMs: 150);
        var transitions = Run(gate, open: (100, 200), until: 600, step: 10);

        Assert.Empty(transitions);
        Assert.Equal(1, gate.KerchunksIgnored);
    }

    [Fact]
    public void Update_BounceShorterThanDebounce_DoesNotClose()
    {
        var gate = new SquelchGate(debounceMs: 50, minOpenMs: 100);
        var transitions = new List<(long, SquelchTransition)>();
        for (long t = 0; t <= 1000; t += 10)
        {
            var raw = t < 800 && !(t >= 400 && t < 430); // a 30 ms drop in the middle
            var tr = gate.Update(raw, t);
            if (tr != SquelchTransition.None)
            {
                transitions.Add((t, tr));
            }
        }

        Assert.Equal([(100L, SquelchTransition.Opened), (850L, SquelchTransition.Closed)], transitions);
    }

    [Fact]
    public void Reset_WhileOpen_ReportsClosed()
    {
        var gate = new SquelchGate(0, 0);
        Assert.Equal(SquelchTransition.Opened, gate.Update(true, 0));
        Assert.Equal(SquelchTransition.Closed, gate.Reset());
        Assert.Equal(SquelchTransition.None, gate.Reset());
    }

    private static List<(long, SquelchTransition)> Run(SquelchGate gate, (long From, long To) open, long until, long step)
    {
        var list = new List<(long, SquelchTransition)>();
        for (long t = 0; t <= until; t += step)
        {
            var tr = gate.Update(t >= open.From && t < open.To, t);
            if (tr != SquelchTransition.None)
            {
                list.Add((t, tr));
            }
        }

        return list;
    }
}
