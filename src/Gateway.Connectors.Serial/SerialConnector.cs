using Gateway.Core;
using Gateway.Core.Configuration;
using Gateway.Core.Events;
using Gateway.Core.Health;
using Gateway.Core.Units;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gateway.Connectors.Serial;

/// <summary>
/// The hosted serial radio connector: validates every configured radio (all problems reported together, each naming its
/// key), starts one <see cref="RadioChannel"/> per radio, and on stop, process exit or an unhandled exception releases
/// every radio's PTT before anything else.
/// </summary>
public sealed partial class SerialConnector : IHostedService, IAsyncDisposable
{
    private readonly SerialConnectorOptions _options;
    private readonly ISwitchboard _switchboard;
    private readonly IHealthRegistry _health;
    private readonly IUnitDirectory _units;
    private readonly IEventBus? _events;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly List<RadioChannel> _channels = [];

    public SerialConnector(
        IOptions<SerialConnectorOptions> options,
        ISwitchboard switchboard,
        IHealthRegistry health,
        IUnitDirectory units,
        TimeProvider time,
        ILoggerFactory loggers,
        IEventBus? events = null)
    {
        _events = events;
        _options = options.Value;
        _switchboard = switchboard;
        _health = health;
        _units = units;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SerialConnector>();
    }

    public IReadOnlyList<RadioChannel> Channels => _channels;

    /// <summary>Validates all radios; returns one line per problem (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(SerialConnectorOptions options, out List<RadioSettings> settings)
    {
        var errors = new List<string>();
        settings = [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Radios.Count; i++)
        {
            var key = $"Gateway:Connectors:Serial[{i}]";
            var radio = RadioSettings.Create(options.Radios[i], key, out var radioErrors);
            errors.AddRange(radioErrors);
            if (!string.IsNullOrEmpty(radio.Id.Value) && !ids.Add(radio.Id.Value))
            {
                errors.Add(new SettingProblem("Id", radio.Id.Value, "is used by another radio").ToLine(key));
            }

            settings.Add(radio);
        }

        return errors;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var errors = Validate(_options, out var radios);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(SerialConnectorOptions), typeof(SerialConnectorOptions), errors);
        }

        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        foreach (var radio in radios)
        {
            var channel = RadioChannel.Create(radio, _switchboard, _health, _time, _loggers, _units, events: _events);
            _channels.Add(channel);
            channel.Start();
            Log.RadioStarted(_logger, radio.Id.Value, radio.TalkGroup.Value, radio.Port, radio.PttMethod, radio.SquelchMethod);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
        foreach (var channel in _channels)
        {
            channel.Endpoint.EmergencyRelease();
        }

        foreach (var channel in _channels)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }

        _channels.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private void OnProcessExit(object? sender, EventArgs e) => ReleaseAll();

    private void OnUnhandledException(object sender, UnhandledExceptionEventArgs e) => ReleaseAll();

    private void ReleaseAll()
    {
        foreach (var channel in _channels.ToArray())
        {
            channel.Endpoint.EmergencyRelease();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8301, EventName = "SerialRadioStarted", Level = LogLevel.Information, Message = "Radio {EndpointId} in {TalkGroupId} on {Port}: PTT {PttMethod}, squelch {SquelchMethod}")]
        public static partial void RadioStarted(ILogger logger, string endpointId, string talkGroupId, string port, string pttMethod, string squelchMethod);

    }
}
