using Gateway.Audio.Codecs;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.TalkGroups;

namespace Gateway.Core;

/// <summary>
/// The core's face to connectors and the API: talk groups and membership, floor control and the media router.
/// Control calls are cheap and thread-safe; <see cref="SubmitFrame"/> is the per-frame hot path and allocates nothing.
/// </summary>
public interface ISwitchboard
{
    // ---- Talk groups (configuration and run time) --------------------------------------------

    IReadOnlyList<TalkGroupInfo> TalkGroups { get; }

    TalkGroupInfo? FindTalkGroup(TalkGroupId id);

    /// <summary>Creates or replaces a group's settings (members and floor state are kept on update).</summary>
    TalkGroupInfo UpsertTalkGroup(TalkGroupSettings settings);

    /// <summary>Removes a group: its transmission is revoked, endpoints are detached. False when unknown.</summary>
    bool RemoveTalkGroup(TalkGroupId id);

    /// <summary>Links groups so a transmission in one is heard in all; the floor spans the patch.</summary>
    PatchId Patch(IReadOnlyList<TalkGroupId> groups);

    bool Unpatch(PatchId patch);

    IReadOnlyList<PatchInfo> Patches { get; }

    // ---- Endpoints -----------------------------------------------------------------------------

    /// <summary>Registers an endpoint (idempotent) and attaches it to a group. Late entry: it hears the current transmission from now on.</summary>
    void Attach(IVoiceEndpoint endpoint, TalkGroupId group);

    /// <summary>
    /// Attaches an endpoint that is already registered (attached to at least one group) to one more group, by id: how the
    /// gateway regroups terminals it does not own (a dynamic regroup). False when the endpoint is not registered.
    /// </summary>
    bool AttachRegistered(EndpointId endpoint, TalkGroupId group);

    void Detach(EndpointId endpoint, TalkGroupId group);

    /// <summary>The endpoint went away (or came back): its transmissions are revoked with <see cref="TransmissionEndReason.HolderLost"/> when offline.</summary>
    void SetEndpointOnline(EndpointId endpoint, bool online, string reason);

    IReadOnlyList<EndpointInfo> Endpoints { get; }

    /// <summary>One registered endpoint, or null (a lookup, where <see cref="Endpoints"/> lists them all).</summary>
    EndpointInfo? FindEndpoint(EndpointId id);

    /// <summary>
    /// Until the returned scope is disposed, membership changes (attach, detach, online) update the control state but
    /// build the routing snapshot only once, at the end: a connector starting thousands of endpoints would otherwise
    /// rebuild it once per endpoint. Audio routes by the previous snapshot meanwhile. Scopes may nest.
    /// </summary>
    IDisposable BatchMembershipChanges();

    // ---- Floor -------------------------------------------------------------------------------

    FloorOutcome RequestFloor(FloorRequest request);

    /// <summary>Releases the endpoint's transmission (or withdraws its queued request) in the group.</summary>
    void ReleaseFloor(EndpointId endpoint, TalkGroupId group);

    FloorStatus GetFloorStatus(TalkGroupId group);

    // ---- Media -------------------------------------------------------------------------------

    /// <summary>
    /// Submits one 20 ms frame from <paramref name="source"/> into <paramref name="group"/>. Forwarded only when the source
    /// holds the floor (otherwise dropped and counted). <paramref name="pcm48k"/> is the decoded frame (may be empty when
    /// the source only has the payload); <paramref name="payload"/> is the source's encoded frame in
    /// <paramref name="payloadProfile"/> (may be empty), forwarded untouched to destinations of the same profile.
    /// Network-paced sources call this as frames play out; unpaced sources use <see cref="Pacing.PacedFrameSource"/>.
    /// </summary>
    void SubmitFrame(EndpointId source, TalkGroupId group, ReadOnlySpan<float> pcm48k, ReadOnlySpan<byte> payload, CodecProfile payloadProfile, FrameFlags flags);
}
