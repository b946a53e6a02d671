namespace Gateway.Storage.Sqlite;

// Row shapes as Dapper reads them (SQLite integers are Int64, so every integer column is a long).

internal sealed class CallRow
{
    public string Id { get; set; } = "";
    public string TalkGroupId { get; set; } = "";
    public long StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public string? EndReason { get; set; }
    public string? FirstEndpointId { get; set; }
    public string? FirstUnitId { get; set; }
    public string? FirstTalkerName { get; set; }
    public string Priority { get; set; } = "";
    public long TransmissionCount { get; set; }
}

internal sealed class TransmissionRow
{
    public string CallId { get; set; } = "";
    public long Number { get; set; }
    public string TalkGroupId { get; set; } = "";
    public string EndpointId { get; set; } = "";
    public string? UnitId { get; set; }
    public string TalkerName { get; set; } = "";
    public string Priority { get; set; } = "";
    public long StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public string? EndReason { get; set; }
}

internal sealed class RecordingRow
{
    public string CallId { get; set; } = "";
    public string TalkGroupId { get; set; } = "";
    public string Path { get; set; } = "";
    public long StartedAt { get; set; }
    public long? EndedAt { get; set; }
    public long DurationMs { get; set; }
    public long SizeBytes { get; set; }
    public long Complete { get; set; }
}

internal sealed class SegmentRow
{
    public string CallId { get; set; } = "";
    public long Seq { get; set; }
    public string EndpointId { get; set; } = "";
    public string? UnitId { get; set; }
    public string TalkerName { get; set; } = "";
    public long ReceivedAt { get; set; }
    public long OffsetMs { get; set; }
    public long DurationMs { get; set; }
}
