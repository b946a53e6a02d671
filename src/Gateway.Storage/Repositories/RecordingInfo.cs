using Gateway.Core.Identity;

namespace Gateway.Storage.Repositories;

/// <summary>A call's recording: an Ogg Opus file under <c>Gateway:Recording:Directory</c>.</summary>
/// <param name="Call">The call recorded.</param>
/// <param name="TalkGroup">Its talk group.</param>
/// <param name="RelativePath">Path below the recording directory, with '/' separators (<c>yyyy/MM/dd/…opus</c>).</param>
/// <param name="StartedAt">When the file was opened.</param>
/// <param name="EndedAt">When it was closed (null while recording or after a crash).</param>
/// <param name="Duration">Audio duration in the file.</param>
/// <param name="SizeBytes">File size when closed.</param>
/// <param name="Complete">True when the call ended normally and the file carries every talker in its comments.</param>
/// <param name="Segments">Where each talker's audio sits in the file.</param>
public sealed record RecordingInfo(
    CallId Call,
    TalkGroupId TalkGroup,
    string RelativePath,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    TimeSpan Duration,
    long SizeBytes,
    bool Complete,
    IReadOnlyList<RecordingSegment> Segments);
