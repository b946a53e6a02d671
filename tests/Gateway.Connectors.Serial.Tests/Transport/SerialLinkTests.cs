using Gateway.Connectors.Serial.Tests.Fakes;
using Gateway.Connectors.Serial.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Serial.Tests.Transport;

public sealed class SerialLinkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Run_PortMissing_RetriesWithGrowingBackoffOnTimeProvider()
    {
        var time = new FakeTimeProvider();
        var port = new FakeSerialPort();
        using var link = new SerialLink(port, time, NullLogger<SerialLink>.Instance, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
        var connected = 0;
        link.Connected += () => connected++;
        link.Start();

        Wait.Until(() => port.OpenAttempts == 1, Timeout, "first open");

        // Virtual time needed for each retry: never less than the backoff, which doubles (250, 500, 1000 ms).
        Assert.True(AdvanceUntil(time, () => port.OpenAttempts == 2) >= TimeSpan.FromMilliseconds(250));
        Assert.True(AdvanceUntil(time, () => port.OpenAttempts == 3) >= TimeSpan.FromMilliseconds(500));
        Assert.True(AdvanceUntil(time, () => port.OpenAttempts == 4) >= TimeSpan.FromMilliseconds(1000));
        Assert.Equal(0, connected);

        port.Exists = true;
        AdvanceUntil(time, () => link.IsConnected);
        Assert.Equal(1, connected);
    }

    [Fact]
    public void Run_DeviceVanishes_LostThenReconnected()
    {
        var time = new FakeTimeProvider();
        var port = new FakeSerialPort { Exists = true };
        using var link = new SerialLink(port, time, NullLogger<SerialLink>.Instance, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var lost = new List<string>();
        var connected = 0;
        link.Connected += () => connected++;
        link.Lost += reason => lost.Add(reason);
        link.Start();
        Wait.Until(() => connected == 1, Timeout, "connected");

        port.Exists = false;
        Wait.Until(() => lost.Count == 1, Timeout, "lost");
        Assert.Equal("device vanished", lost[0]);
        Assert.False(port.IsOpen);

        port.Exists = true;
        AdvanceUntil(time, () => connected == 2 && link.IsConnected);
    }

    [Fact]
    public void ReportFault_WhileConnected_ClosesAndReopens()
    {
        var time = new FakeTimeProvider();
        var port = new FakeSerialPort { Exists = true };
        using var link = new SerialLink(port, time, NullLogger<SerialLink>.Instance, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var lost = new List<string>();
        link.Lost += reason => lost.Add(reason);
        link.Start();
        Wait.Until(() => link.IsConnected, Timeout, "connected");

        link.ReportFault(new IOException("Input/output error"));
        Wait.Until(() => lost.Count == 1, Timeout, "lost after the fault");
        Assert.Equal("Input/output error", lost[0]);
        AdvanceUntil(time, () => link.IsConnected && port.OpenAttempts == 2);
    }

    /// <summary>
    /// Advances virtual time in 50 ms steps until <paramref name="condition"/> holds (the link thread runs on real time
    /// between steps); returns the virtual time it took. Fails after 20 virtual seconds.
    /// </summary>
    private static TimeSpan AdvanceUntil(FakeTimeProvider time, Func<bool> condition)
    {
        var advanced = TimeSpan.Zero;
        while (!condition())
        {
            Assert.True(advanced < TimeSpan.FromSeconds(20), "condition not reached");
            time.Advance(TimeSpan.FromMilliseconds(50));
            advanced += TimeSpan.FromMilliseconds(50);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!condition() && watch.ElapsedMilliseconds < 10)
            {
                Thread.Sleep(1);
            }
        }

        return advanced;
    }
}
