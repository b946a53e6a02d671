using Gateway.Core.Media;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>An endpoint whose outgoing packets are sent by its receive loop (see <see cref="UdpReceiveLoop.Enqueue"/>).</summary>
internal interface IDeferredSender
{
    /// <summary>Sends <paramref name="packet"/> now, on the loop thread, and releases the reference it was queued with.</summary>
    void SendQueued(MediaPacket packet);

    /// <summary>The packet waited too long in the queue (<see cref="SendQueue.MaxWait"/>): count it dropped and release it.</summary>
    void DropQueued(MediaPacket packet);
}
