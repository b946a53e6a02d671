using System.Net;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>Receives what a <see cref="UdpChannel"/> reads, on its receive thread.</summary>
internal interface IDatagramHandler
{
    /// <summary>One datagram; <paramref name="datagram"/> and <paramref name="source"/> are reused after the call returns.</summary>
    void OnDatagram(UdpChannel channel, ReadOnlySpan<byte> datagram, SocketAddress source);

    /// <summary>The receive loop failed and is restarting its socket.</summary>
    void OnFault(UdpChannel channel, Exception error);

    /// <summary>The socket was re-created after a fault and receives again.</summary>
    void OnRecovered(UdpChannel channel);
}
