using System.Text;
using Gateway.Connectors.Serial.Tests.Fakes;
using Gateway.Connectors.Serial.Transport;
using Gateway.Core.Health;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Connectors.Serial.Tests.Transport;

public sealed class CatRadioTests
{
    [Fact]
    public async Task Endpoint_CatRadioSilent_DegradedThenHealthyWhenItAnswers()
    {
        var time = new FakeTimeProvider();
        var port = new FakeSerialPort { Exists = true };
        port.Open();
        var cat = new KenwoodCatRadio(port, time, TimeSpan.FromMilliseconds(50));
        var settings = RadioSettings.Create(new SerialRadioOptions
        {
            Id = "r", TalkGroup = "tg", Port = "/dev/fake",
            Ptt = { Method = "cat-kenwood" }, Squelch = { Method = "cat-kenwood" },
            Audio = { Capture = "file:/dev/null", Playback = "file:/dev/null" },
        });
        var health = new RecordingHealthRegistry();
        var endpoint = new RadioEndpoint(settings, new RecordingSwitchboard(time), health, cat, cat, time, NullLogger<RadioEndpoint>.Instance);
        endpoint.Start();
        endpoint.OnPortConnected();

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HealthState.Healthy, health.StateOf("serial:r"));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HealthState.Degraded, health.StateOf("serial:r"));

        cat.OnBytes(Encoding.ASCII.GetBytes("BY10;"));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(HealthState.Healthy, health.StateOf("serial:r"));
        Assert.True(cat.Sample());

        // Shutdown confirms the unkey by read-back, on the endpoint's (virtual) clock: the silent radio times it out.
        var dispose = endpoint.DisposeAsync().AsTask();
        for (var i = 0; i < 100 && !dispose.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System));
        }

        await dispose;
    }

    [Fact]
    public void Sample_SlowRadio_NeverMoreThanOneQueryOutstanding()
    {
        var time = new FakeTimeProvider();
        var port = new RecordingPort();
        var cat = new KenwoodCatRadio(port, time, TimeSpan.FromMilliseconds(50));

        for (var i = 0; i < 10; i++)
        {
            cat.Sample();
            time.Advance(TimeSpan.FromMilliseconds(20)); // 200 ms, no answers
        }

        Assert.Equal(1, port.Writes); // waiting for the answer (300 ms timeout)
        time.Advance(TimeSpan.FromMilliseconds(120));
        cat.Sample();
        Assert.Equal(2, port.Writes); // timed out: asked again

        cat.OnBytes("BY00;"u8);
        time.Advance(TimeSpan.FromMilliseconds(50));
        cat.Sample();
        Assert.Equal(3, port.Writes); // answered: back to the poll interval
    }

    private sealed class RecordingPort : ISerialPort
    {
        public int Writes { get; private set; }

        public string PortName => "/dev/rec";

        public bool IsOpen => true;

        public bool DeviceExists => true;

        public bool Rts { set { } }

        public bool Dtr { set { } }

        public bool Cts => false;

        public bool Dsr => false;

        public bool Dcd => false;

        public void Open()
        {
        }

        public void Close()
        {
        }

        public int Read(Span<byte> buffer) => 0;

        public void Write(ReadOnlySpan<byte> data) => Writes++;

        public void Dispose()
        {
        }
    }
}
