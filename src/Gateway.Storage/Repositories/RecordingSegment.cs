using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>
/// One talker's stretch of audio in a recording. Voice is recorded back to back (gaps between transmissions are not),
/// so <see cref="Offset"/> is the position in the file and <see cref="ReceivedAt"/> the wall-clock time of its first frame.
/// </summary>
public sealed record RecordingSegment(
    int Sequence,
    EndpointId Endpoint,
    UnitId? Unit,
    string TalkerName,
    DateTimeOffset ReceivedAt,
    TimeSpan Offset,
    TimeSpan Duration);
