using Gateway.Core.Identity;
using Gateway.Core.Media;

namespace Gateway.Storage.Recording;

/// <summary>One talk group as the recorder sees it: its current call, the open file, frames waiting for their call.</summary>
internal sealed class GroupRecordingState(TalkGroupId group)
{
    public TalkGroupId Group { get; } = group;

    public CallId? Call { get; set; }

    public DateTimeOffset CallStartedAt { get; set; }

    public CallRecording? Recording { get; set; }

    public Queue<MediaPacket> Pending { get; } = new();

    /// <summary>The last few calls that ended here, so their late events cannot reopen them.</summary>
    private Queue<CallId> Finished { get; } = new();

    public bool IsFinished(CallId call) => Finished.Contains(call);

    public void Finish(CallId call)
    {
        if (Finished.Count == 16)
        {
            Finished.Dequeue();
        }

        Finished.Enqueue(call);
    }

    /// <summary>Grant times of the current call per talker object (the router tags frames with the grant's Talker).</summary>
    public Dictionary<Talker, Queue<DateTimeOffset>> GrantedAt { get; } = new(ReferenceEqualityComparer.Instance);
}
