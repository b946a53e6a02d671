using Gateway.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Api.TalkGroups;

/// <summary>At start, re-applies the talk groups stored by earlier run-time changes on top of the configured ones.</summary>
internal sealed partial class TalkGroupRestorer : IHostedService
{
    private readonly ITalkGroupStore _store;
    private readonly ISwitchboard _switchboard;
    private readonly ILogger<TalkGroupRestorer> _logger;

    public TalkGroupRestorer(ITalkGroupStore store, ISwitchboard switchboard, ILogger<TalkGroupRestorer> logger)
    {
        _store = store;
        _switchboard = switchboard;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var groups = await _store.LoadAsync(cancellationToken);
        foreach (var settings in groups)
        {
            _switchboard.UpsertTalkGroup(settings);
        }

        LogRestored(_logger, groups.Count, _store.IsPersistent);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Run-time talk groups restored: {Count} (persistent store: {Persistent})")]
    private static partial void LogRestored(ILogger logger, int count, bool persistent);
}
