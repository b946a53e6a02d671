using Gateway.Core.Floor;
using Gateway.Core.Media;
using Gateway.Storage.Repositories;

namespace Gateway.Storage.Sqlite;

/// <summary>Conversions between domain values and their stored form: Unix milliseconds and readable snake_case names.</summary>
internal static class DbValues
{
    public static long Time(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? Time(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? Time(long? value) => value is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static string Name(Priority priority) => priority switch
    {
        Priority.Normal => "normal",
        Priority.Dispatcher => "dispatcher",
        Priority.Alert => "alert",
        Priority.Emergency => "emergency",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown priority."),
    };

    public static Priority ParsePriority(string value) => value switch
    {
        "normal" => Priority.Normal,
        "dispatcher" => Priority.Dispatcher,
        "alert" => Priority.Alert,
        "emergency" => Priority.Emergency,
        _ => throw new InvalidDataException($"Unknown priority '{value}' in the database."),
    };

    public static string Name(TransmissionOutcome outcome) => outcome switch
    {
        TransmissionOutcome.Released => "released",
        TransmissionOutcome.PreEmpted => "pre_empted",
        TransmissionOutcome.MaxTransmit => "max_transmit",
        TransmissionOutcome.HolderLost => "holder_lost",
        TransmissionOutcome.GroupRemoved => "group_removed",
        TransmissionOutcome.Shutdown => "shutdown",
        TransmissionOutcome.GatewayRestart => "gateway_restart",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown transmission outcome."),
    };

    public static TransmissionOutcome? ParseOutcome(string? value) => value switch
    {
        null => null,
        "released" => TransmissionOutcome.Released,
        "pre_empted" => TransmissionOutcome.PreEmpted,
        "max_transmit" => TransmissionOutcome.MaxTransmit,
        "holder_lost" => TransmissionOutcome.HolderLost,
        "group_removed" => TransmissionOutcome.GroupRemoved,
        "shutdown" => TransmissionOutcome.Shutdown,
        "gateway_restart" => TransmissionOutcome.GatewayRestart,
        _ => throw new InvalidDataException($"Unknown transmission end reason '{value}' in the database."),
    };

    public static TransmissionOutcome Outcome(TransmissionEndReason reason) => reason switch
    {
        TransmissionEndReason.Released => TransmissionOutcome.Released,
        TransmissionEndReason.PreEmpted => TransmissionOutcome.PreEmpted,
        TransmissionEndReason.MaxTransmitTime => TransmissionOutcome.MaxTransmit,
        TransmissionEndReason.HolderLost => TransmissionOutcome.HolderLost,
        TransmissionEndReason.GroupRemoved => TransmissionOutcome.GroupRemoved,
        TransmissionEndReason.Shutdown => TransmissionOutcome.Shutdown,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown transmission end reason."),
    };

    public static string Name(CallOutcome outcome) => outcome == CallOutcome.GatewayRestart ? "gateway_restart" : "ended";

    public static CallOutcome? ParseCallOutcome(string? value) => value switch
    {
        null => null,
        "ended" => CallOutcome.Ended,
        "gateway_restart" => CallOutcome.GatewayRestart,
        _ => throw new InvalidDataException($"Unknown call end reason '{value}' in the database."),
    };

    public static string Name(EndpointKind kind) => kind.ToString().ToLowerInvariant();

    public static EndpointKind ParseEndpointKind(string value) =>
        Enum.TryParse<EndpointKind>(value, ignoreCase: true, out var kind)
            ? kind
            : throw new InvalidDataException($"Unknown endpoint kind '{value}' in the database.");
}
