using Gateway.Core;
using Gateway.Core.Identity;
using Gateway.Core.Provisioning;
using Gateway.Core.Units;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.Endpoints;

/// <summary>
/// Run-time RTP endpoints: create/delete through the RTP connector's <see cref="IRtpEndpointManager"/> and keep the
/// store in step, one change at a time. At start — after every hosted service has started, so the configured endpoints
/// and the run-time talk groups are in place — the stored endpoints are re-created; one whose id is now in the
/// configuration file is skipped with a warning, one that cannot be created (e.g. its port is taken) is logged and kept.
/// An endpoint created with a unit (<see cref="RtpEndpointDefinition.Unit"/>) is bound to it while it exists.
/// </summary>
public sealed partial class RuntimeRtpEndpoints : IHostedLifecycleService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IRuntimeEndpointStore _store;
    private readonly ILogger<RuntimeRtpEndpoints> _logger;
    private readonly UnitEndpointBindings? _bindings;
    private readonly SemaphoreSlim _changes = new(1, 1);

    public RuntimeRtpEndpoints(IServiceProvider services, IRuntimeEndpointStore store, ILogger<RuntimeRtpEndpoints> logger, UnitEndpointBindings? bindings = null)
    {
        _services = services;
        _store = store;
        _logger = logger;
        _bindings = bindings;
    }

    /// <summary>The RTP connector's manager; null when the RTP connector is not part of this gateway.</summary>
    public IRtpEndpointManager? Manager => _services.GetService<IRtpEndpointManager>();

    /// <summary>Creates and persists; throws <see cref="EndpointProvisioningException"/> when refused (nothing is stored then).</summary>
    public async Task<RtpEndpointStatus> CreateAsync(IRtpEndpointManager manager, RtpEndpointDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(definition);
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var status = manager.Create(definition);
            try
            {
                await _store.SaveRtpAsync(definition, CancellationToken.None);
            }
            catch
            {
                // Not stored means not created: the caller sees the failure and the endpoint does not linger until a restart.
                await manager.RemoveAsync(new EndpointId(definition.Id));
                throw;
            }

            Bind(definition);
            LogCreated(_logger, definition.Id, status.LocalEndPoint, definition.TalkGroup);
            return status;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Stops and forgets a run-time endpoint (also one stored but not running); false when neither.</summary>
    public async Task<bool> DeleteAsync(IRtpEndpointManager? manager, EndpointId id, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var stopped = manager is not null && await manager.RemoveAsync(id);
            var forgotten = await _store.DeleteAsync(id, CancellationToken.None);
            if (stopped || forgotten)
            {
                _bindings?.Unbind(id);
                LogDeleted(_logger, id.Value);
            }

            return stopped || forgotten;
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>
    /// Ids of the run-time endpoints defined in <paramref name="group"/>: running, or only stored (a restore that failed),
    /// since both would be stranded by deleting the group.
    /// </summary>
    public async Task<IReadOnlyList<string>> InTalkGroupAsync(TalkGroupId group, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var stored = await _store.LoadRtpAsync(cancellationToken);
            return [.. stored.Where(d => string.Equals(d.TalkGroup, group.Value, StringComparison.Ordinal)).Select(d => d.Id).Order(StringComparer.Ordinal)];
        }
        finally
        {
            _changes.Release();
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadRtpAsync(cancellationToken);
        if (stored.Count == 0)
        {
            return;
        }

        if (Manager is not { } manager)
        {
            LogNoConnector(_logger, stored.Count);
            return;
        }

        var restored = 0;
        await _changes.WaitAsync(cancellationToken);

        // One routing rebuild for the lot, not one per endpoint (thousands of run-time endpoints restore in seconds).
        using var batch = _services.GetService<ISwitchboard>()?.BatchMembershipChanges();
        try
        {
            foreach (var definition in stored)
            {
                if (manager.IsConfigured(new EndpointId(definition.Id)))
                {
                    LogShadowed(_logger, definition.Id);
                    continue;
                }

                try
                {
                    manager.Create(definition);
                    Bind(definition);
                    restored++;
                }
                catch (EndpointProvisioningException ex)
                {
                    LogRestoreFailed(_logger, definition.Id, ex.Message);
                }
            }
        }
        finally
        {
            _changes.Release();
        }

        LogRestored(_logger, restored, stored.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Bind(RtpEndpointDefinition definition)
    {
        if (_bindings is null || string.IsNullOrEmpty(definition.Unit))
        {
            return;
        }

        if (_services.GetService<IUnitDirectory>()?.Find(new UnitId(definition.Unit)) is null)
        {
            // Checked at creation; after a restart the unit may be gone from the configuration: the endpoint runs unbound.
            LogUnknownUnit(_logger, definition.Id, definition.Unit);
            return;
        }

        // The API refuses an id bound to another unit, so this fails only for a stored endpoint whose id the
        // configuration has since bound (it is shadowed then, and not created).
        if (!_bindings.TryBind(new EndpointId(definition.Id), new UnitId(definition.Unit), out var owner))
        {
            LogBindingRefused(_logger, definition.Id, definition.Unit, owner?.Value ?? string.Empty);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _changes.Dispose();

    [LoggerMessage(EventId = 5060, Level = LogLevel.Information, Message = "Run-time RTP endpoint {EndpointId} created on {Local} in talk group {TalkGroup}")]
    private static partial void LogCreated(ILogger logger, string endpointId, string local, string talkGroup);

    [LoggerMessage(EventId = 5061, Level = LogLevel.Information, Message = "Run-time endpoint {EndpointId} deleted")]
    private static partial void LogDeleted(ILogger logger, string endpointId);

    [LoggerMessage(EventId = 5062, Level = LogLevel.Information, Message = "Run-time RTP endpoints restored: {Restored} of {Stored}")]
    private static partial void LogRestored(ILogger logger, int restored, int stored);

    [LoggerMessage(EventId = 5063, Level = LogLevel.Warning, Message = "Stored run-time RTP endpoint {EndpointId} is skipped: the configuration file now defines an endpoint with that id")]
    private static partial void LogShadowed(ILogger logger, string endpointId);

    [LoggerMessage(EventId = 5064, Level = LogLevel.Warning, Message = "Stored run-time RTP endpoint {EndpointId} could not be re-created (kept in storage; delete it or free the resource and restart): {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string endpointId, string reason);

    [LoggerMessage(EventId = 5065, Level = LogLevel.Warning, Message = "{Count} stored run-time RTP endpoints are not started: this gateway has no RTP connector")]
    private static partial void LogNoConnector(ILogger logger, int count);

    [LoggerMessage(EventId = 5067, Level = LogLevel.Warning, Message = "Run-time endpoint {EndpointId} is not bound to unit {UnitId}: it is bound to unit {Owner}")]
    private static partial void LogBindingRefused(ILogger logger, string endpointId, string unitId, string owner);

    [LoggerMessage(EventId = 5068, Level = LogLevel.Warning, Message = "Run-time endpoint {EndpointId} is not bound to unit {UnitId}: no such unit")]
    private static partial void LogUnknownUnit(ILogger logger, string endpointId, string unitId);
}
