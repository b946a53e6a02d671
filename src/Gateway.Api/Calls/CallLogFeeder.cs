using Gateway.Core.Events;
using Microsoft.Extensions.Hosting;

namespace Gateway.Api.Calls;

/// <summary>Feeds <see cref="CallLog"/> from the event bus for the life of the host.</summary>
internal sealed class CallLogFeeder : BackgroundService
{
    private readonly IEventBus _bus;
    private readonly CallLog _log;
    private IEventSubscription? _subscription;

    public CallLogFeeder(IEventBus bus, CallLog log)
    {
        _bus = bus;
        _log = log;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the host starts taking calls so no CallStarted is missed.
        _subscription = _bus.Subscribe("api-call-log", 4096, static e => e is CallStarted or CallEnded);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscription = _subscription!;
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                _log.Apply(e);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }
}
