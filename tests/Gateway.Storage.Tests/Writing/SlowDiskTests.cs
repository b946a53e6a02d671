using Gateway.Core.Events;
using Gateway.Core.Identity;
using Gateway.Storage.Repositories;
using Gateway.Storage.Tests.Support;
using Gateway.Storage.Writing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Storage.Tests.Writing;

public sealed class SlowDiskTests
{
    [Fact]
    public async Task Publish_DiskStalled_NeverBlocksAndOverflowIsDroppedAndCounted()
    {
        using var storage = new StorageFixture();
        var stalled = new StalledStore(storage.Events);
        var bus = new EventBus();
        await using var writer = new StorageEventWriter(bus, stalled, storage.Calls, storage.Time, NullLogger<StorageEventWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var group = new TalkGroupId("tianhe-sports");
        var scripts = Enumerable.Range(0, 3_000).Select(i => CallScript.ThreeTransmissionsOnePreEmpted(group, storage.Time.GetUtcNow().AddSeconds(i * 10))).ToList();
        var total = scripts.Sum(s => s.Events.Count);

        // The first batch is stuck in the "disk" until released; publishing everything else completes meanwhile (a
        // blocking publisher would never get past this loop).
        bus.Publish(scripts[0].Events[0]);
        await stalled.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var item in scripts.SelectMany(s => s.Events).Skip(1))
        {
            bus.Publish(item);
        }

        Assert.False(stalled.Released);
        var dropped = total - 1 - StorageEventWriter.QueueCapacity;
        Assert.Equal(dropped, writer.EventsDropped);

        // The disk comes back: everything still queued is written.
        stalled.Release();
        await Wait.UntilAsync(() => writer.EventsWritten == total - dropped, TimeSpan.FromSeconds(60));
        Assert.Equal(0, writer.EventsFailed);
    }

    /// <summary>Wraps the real store; its first write waits until released (a disk that stopped answering).</summary>
    private sealed class StalledStore(IEventBatchStore inner) : IEventBatchStore
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Released => _gate.Task.IsCompleted;

        public void Release() => _gate.TrySetResult();

        public async Task<int> WriteBatchAsync(IReadOnlyList<GatewayEvent> batch, CancellationToken cancellationToken = default)
        {
            Entered.TrySetResult();
            await _gate.Task;
            return await inner.WriteBatchAsync(batch, cancellationToken);
        }
    }
}
