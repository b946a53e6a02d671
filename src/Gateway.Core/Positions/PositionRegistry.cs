using System.Threading.Channels;
using Gateway.Core.Identity;
using Gateway.Core.Units;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gateway.Core.Positions;

/// <summary>
/// Last positions in memory (read on every ListUnits and nearest-units page), written through to an
/// <see cref="IPositionStore"/> by one background loop so a slow disk never holds up a report. At start the stored
/// positions of units that still exist are loaded; at stop every accepted report reaches the store.
/// </summary>
public sealed partial class PositionRegistry : IPositionRegistry, IHostedService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<UnitId, UnitPosition> _positions = [];
    private readonly IUnitDirectory _units;
    private readonly IPositionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<UnitPosition> _saves = Channel.CreateUnbounded<UnitPosition>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _saver;

    public PositionRegistry(IUnitDirectory units, IPositionStore store, TimeProvider time, IOptions<PositionOptions> options, ILogger<PositionRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Value.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(PositionOptions.SectionName, typeof(PositionOptions), problems);
        }

        _units = units;
        _store = store;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        StaleAfter = TimeSpan.FromSeconds(options.Value.StaleAfterSeconds);
    }

    public TimeSpan StaleAfter { get; }

    public IReadOnlyList<UnitPositionStatus> All
    {
        get
        {
            var now = _time.GetUtcNow();
            lock (_gate)
            {
                return [.. _positions.Values.OrderBy(p => p.Unit.Value, StringComparer.Ordinal).Select(p => Status(p, now))];
            }
        }
    }

    public UnitPositionStatus? Find(UnitId unit)
    {
        lock (_gate)
        {
            return _positions.TryGetValue(unit, out var position) ? Status(position, _time.GetUtcNow()) : null;
        }
    }

    public UnitPositionStatus? Report(UnitId unit, GeoPoint point, double accuracyMetres, DateTimeOffset? time, string source)
    {
        if (!GeoPoint.IsValidLatitude(point.Latitude))
        {
            throw new ArgumentOutOfRangeException("latitude", point.Latitude, "must be between -90 and 90 degrees");
        }

        if (!GeoPoint.IsValidLongitude(point.Longitude))
        {
            throw new ArgumentOutOfRangeException("longitude", point.Longitude, "must be between -180 and 180 degrees");
        }

        if (!double.IsFinite(accuracyMetres) || accuracyMetres < 0)
        {
            throw new ArgumentOutOfRangeException("accuracy_m", accuracyMetres, "must be 0 or more metres");
        }

        var now = _time.GetUtcNow();
        var at = time ?? now;
        if (at > now + IPositionRegistry.MaxFutureSkew)
        {
            throw new ArgumentOutOfRangeException("time", at, $"is {(at - now).TotalSeconds:F0} s in the future; at most {IPositionRegistry.MaxFutureSkew.TotalSeconds:F0} s of clock skew is accepted");
        }

        if (_units.Find(unit) is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (_positions.TryGetValue(unit, out var known) && known.Time > at)
            {
                LogOutOfOrder(_logger, unit, at, known.Time);
                return Status(known, now);
            }

            var position = new UnitPosition(unit, point, accuracyMetres, at, now, source ?? string.Empty);
            _positions[unit] = position;
            _saves.Writer.TryWrite(position);
            return Status(position, now);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var restored = 0;
        lock (_gate)
        {
            foreach (var position in stored)
            {
                // A unit removed from the configuration since keeps no position.
                if (_units.Find(position.Unit) is not null && (!_positions.TryGetValue(position.Unit, out var known) || known.Time < position.Time))
                {
                    _positions[position.Unit] = position;
                    restored++;
                }
            }
        }

        LogRestored(_logger, restored);
        _saver = Task.Run(SaveLoopAsync, CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _saves.Writer.TryComplete();
        if (_saver is not null)
        {
            await _saver.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private UnitPositionStatus Status(UnitPosition position, DateTimeOffset now)
    {
        var age = now - position.Time;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return new UnitPositionStatus(position, age, age > StaleAfter);
    }

    private async Task SaveLoopAsync()
    {
        await foreach (var position in _saves.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _store.SaveAsync(position).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogSaveFailed(_logger, ex, position.Unit);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Unit positions restored: {Count}")]
    private static partial void LogRestored(ILogger logger, int count);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Position of {Unit} taken at {Time} ignored: a newer one ({Known}) is known")]
    private static partial void LogOutOfOrder(ILogger logger, UnitId unit, DateTimeOffset time, DateTimeOffset known);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Position of {Unit} could not be saved")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception, UnitId unit);
}
