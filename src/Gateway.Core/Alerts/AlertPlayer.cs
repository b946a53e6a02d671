using Gateway.Audio;
using Gateway.Core.Floor;
using Gateway.Core.Identity;
using Gateway.Core.Media;
using Gateway.Core.Pacing;

namespace Gateway.Core.Alerts;

/// <summary>
/// Plays an alert's audio into one talk group as the gateway: takes the floor at the alert's priority (pre-empting lower
/// talkers; queued behind higher ones), paces the frames through <see cref="PacedFrameSource"/>, then releases.
/// </summary>
internal sealed class AlertPlayer
{
    private readonly ISwitchboard _switchboard;
    private readonly TimeProvider _time;

    public AlertPlayer(ISwitchboard switchboard, TimeProvider time)
    {
        _switchboard = switchboard;
        _time = time;
    }

    /// <returns>Null when played, else why not.</returns>
    public async Task<string?> PlayAsync(string alertId, TalkGroupId group, Priority priority, float[] audio, int repeat, CancellationToken cancellationToken)
    {
        if (_switchboard.FindTalkGroup(group) is null)
        {
            return $"talk group '{group}' does not exist";
        }

        var endpoint = new AlertEndpoint(new EndpointId($"alert:{alertId}:{group}:{Guid.NewGuid().ToString("N")[..8]}"));
        _switchboard.Attach(endpoint, group);
        try
        {
            var outcome = _switchboard.RequestFloor(new FloorRequest(group, new Talker(endpoint.Id, null, "alert " + alertId), priority));
            if (outcome.Kind == FloorOutcomeKind.Denied)
            {
                return "floor denied: " + (outcome.Reason ?? "busy");
            }

            if (outcome.Kind == FloorOutcomeKind.Queued && !await endpoint.Granted.WaitAsync(cancellationToken))
            {
                return "queued floor request expired";
            }

            await using (var paced = new PacedFrameSource(_switchboard, endpoint.Id, group, _time))
            {
                var first = true;
                for (var r = 0; r <= repeat && !endpoint.Revoked; r++)
                {
                    for (var offset = 0; offset < audio.Length && !endpoint.Revoked; offset += AudioFormat.FrameSamples)
                    {
                        var length = Math.Min(AudioFormat.FrameSamples, audio.Length - offset);
                        await paced.WriteAsync(audio.AsMemory(offset, length), first ? FrameFlags.StartOfTransmission : FrameFlags.None, cancellationToken);
                        first = false;
                    }
                }

                paced.Complete();
                await paced.Completion.WaitAsync(cancellationToken);
            }

            return endpoint.Revoked ? "floor revoked during the alert (pre-empted or transmit time limit)" : null;
        }
        finally
        {
            _switchboard.ReleaseFloor(endpoint.Id, group);
            _switchboard.Detach(endpoint.Id, group);
        }
    }
}
