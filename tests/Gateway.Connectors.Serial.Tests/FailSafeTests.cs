using Gateway.Connectors.Serial.Control;
using Gateway.Connectors.Serial.Tests.Fakes;

namespace Gateway.Connectors.Serial.Tests;

/// <summary>
/// Every failure path we control must leave PTT released. Each case keys the radio with group audio (so PTT is asserted
/// and audio is flowing), then injects one failure, and checks the line is at its receive level afterwards.
/// </summary>
public sealed class FailSafeTests
{
    public static TheoryData<string, bool> Failures()
    {
        var data = new TheoryData<string, bool>();
        foreach (var failure in new[] { "submit-throws", "ani-throws", "squelch-read-fails", "port-lost", "shutdown", "watchdog", "unkey-write-fails-then-port-closes", "key-write-fails" })
        {
            data.Add(failure, true);
            data.Add(failure, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Failure_WhileTransmitting_PttReleased(string failure, bool activeHigh)
    {
        var ani = new ScriptedAniDecoder("1", afterFrames: 1000);
        var h = new RadioHarness(
            o =>
            {
                o.Ptt.ActiveHigh = activeHigh;
                o.Squelch.IgnoreWhileTransmitting = false; // full duplex: receive and transmit at once
                o.TransmitTimeoutSeconds = 1;
                if (failure == "ani-throws")
                {
                    o.Ani.Mode = "dtmf";
                }
            },
            failure == "ani-throws" ? ani : null,
            new FakeUnitDirectory());
        var faults = 0;
        h.Endpoint.PortFault += _ => faults++;

        if (failure == "key-write-fails")
        {
            h.Lines.Gone = true;
            h.DeliverFrame();
            h.Lines.Gone = false;
            h.Endpoint.OnPortLost("gone");
            AssertReleased(h, failure);
            await h.DisposeAsync();
            return;
        }

        // Key up and start receiving at the same time (a full-duplex radio or cross-band repeater).
        h.Squelch = true;
        for (var i = 0; i < 20; i++)
        {
            h.DeliverFrame();
            h.TakePlayout();
            h.RunFrames(1);
        }

        Assert.True(h.Keyed, "precondition: keyed");

        switch (failure)
        {
            case "submit-throws":
                h.Switchboard.ThrowOnSubmit = () => new InvalidOperationException("router bug");
                h.RunFrames(2);
                break;
            case "ani-throws":
                ani.Throw = true;
                h.Squelch = false;
                h.RunFrames(5);
                h.Squelch = true;
                h.RunFrames(10);
                break;
            case "squelch-read-fails":
                h.Lines.InputsFail = true;
                h.RunFrames(2);
                Assert.True(faults > 0);
                break;
            case "port-lost":
                h.Endpoint.OnPortLost("device vanished");
                break;
            case "shutdown":
                await h.DisposeAsync();
                break;
            case "watchdog":
                for (var i = 0; i < 60; i++)
                {
                    h.DeliverFrame();
                    h.RunFrames(1);
                }

                Assert.Equal(TransmitPhase.LockedOut, h.Endpoint.TransmitPhase);
                break;
            case "unkey-write-fails-then-port-closes":
                h.Lines.Gone = true;
                h.DeliverEndOfTransmission();
                h.RunFrames(30);
                h.Lines.Gone = false; // the OS closed the port: lines are back at rest
                h.Endpoint.OnPortLost("write failed");
                h.Endpoint.OnPortConnected();
                break;
        }

        // Group audio keeps arriving after the failure: it must not key a failed radio inside the same frame.
        AssertReleased(h, failure);
        Assert.False(h.Endpoint.TransmitPhase is TransmitPhase.LeadIn or TransmitPhase.Transmitting, failure);
        await h.DisposeAsync();
        AssertReleased(h, failure);
    }

    private static void AssertReleased(RadioHarness h, string failure)
    {
        Assert.False(h.Keyed, $"PTT still asserted after {failure}");
        var last = h.Lines.Writes.LastOrDefault(w => w.Line == "RTS");
        Assert.Equal(!h.Settings.PttActiveHigh, last.Level);
    }
}
