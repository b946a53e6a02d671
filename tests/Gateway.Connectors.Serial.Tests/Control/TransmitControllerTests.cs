using Gateway.Connectors.Serial.Control;

namespace Gateway.Connectors.Serial.Tests.Control;

public sealed class TransmitControllerTests
{
    [Fact]
    public void OnAudio_Idle_KeysThenAudioFlowsAfterLead()
    {
        var tx = new TransmitController(leadMs: 150, tailMs: 300, timeoutSeconds: 60);

        Assert.Equal(PttCommand.Key, tx.OnAudio(0));
        Assert.Equal(PttCommand.None, tx.OnAudio(20));
        Assert.Equal(PttCommand.None, tx.Tick(140, audioPending: true));
        Assert.False(tx.AudioFlows);
        Assert.Equal(PttCommand.None, tx.Tick(150, audioPending: true));
        Assert.True(tx.AudioFlows);
    }

    [Fact]
    public void Tick_TailAfterLastAudioAndDrain_Unkeys()
    {
        var tx = new TransmitController(100, 300, 60);
        tx.OnAudio(0);
        tx.Tick(100, true);
        tx.OnAudio(500);
        tx.OnEndOfTransmission(520);

        Assert.Equal(PttCommand.None, tx.Tick(700, audioPending: true)); // still playing: tail restarts at 700
        Assert.Equal(PttCommand.None, tx.Tick(990, audioPending: false));
        Assert.Equal(PttCommand.Unkey, tx.Tick(1000, audioPending: false));
        Assert.Equal(TransmitPhase.Idle, tx.Phase);
    }

    [Fact]
    public void Tick_KeyedBeyondTimeout_UnkeysAndLocksOutUntilGroupReleases()
    {
        var tx = new TransmitController(100, 300, timeoutSeconds: 2);
        tx.OnAudio(0);
        long t;
        for (t = 20; t < 2000; t += 20)
        {
            tx.OnAudio(t);
            Assert.Equal(PttCommand.None, tx.Tick(t, true));
        }

        Assert.Equal(PttCommand.Unkey, tx.Tick(2000, true));
        Assert.Equal(1, tx.Timeouts);
        Assert.Equal(TransmitPhase.LockedOut, tx.Phase);

        // The router keeps sending: stays unkeyed.
        for (t = 2020; t < 3000; t += 20)
        {
            Assert.Equal(PttCommand.None, tx.OnAudio(t));
            Assert.Equal(PttCommand.None, tx.Tick(t, false));
            Assert.False(tx.IsKeyed);
        }

        tx.OnEndOfTransmission(3000);
        Assert.Equal(TransmitPhase.Idle, tx.Phase);
        Assert.Equal(PttCommand.Key, tx.OnAudio(3100));
    }

    [Fact]
    public void Tick_LockedOutAndGroupSilentForTail_Unlocks()
    {
        var tx = new TransmitController(0, 300, 1);
        tx.OnAudio(0);
        tx.Tick(1000, true);
        Assert.Equal(TransmitPhase.LockedOut, tx.Phase);
        tx.Tick(1299, false);
        Assert.Equal(TransmitPhase.LockedOut, tx.Phase);
        tx.Tick(1300, false);
        Assert.Equal(TransmitPhase.Idle, tx.Phase);
    }

    [Fact]
    public void ForceRelease_Keyed_UnkeysOnce()
    {
        var tx = new TransmitController(100, 300, 60);
        tx.OnAudio(0);
        Assert.Equal(PttCommand.Unkey, tx.ForceRelease());
        Assert.Equal(PttCommand.None, tx.ForceRelease());
        Assert.False(tx.IsKeyed);
    }
}
