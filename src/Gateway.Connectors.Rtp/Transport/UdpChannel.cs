using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// One UDP socket with allocation-free span sends to a <see cref="SocketAddress"/>. Receiving runs either on a shared
/// <see cref="UdpReceiveLoop"/> (epoll over many sockets, the normal case on Linux) or on a dedicated thread doing blocking
/// receives into a reused buffer (performance.md: about three times cheaper than an async loop at high packet rates).
/// A receive fault (anything but our own shutdown) re-creates the socket after a short back-off and carries on.
/// </summary>
internal sealed partial class UdpChannel : IDisposable
{
    public const int ReceiveBufferBytes = 2048;
    private readonly UdpChannelOptions _options;
    private readonly UdpReceiveLoop? _loop;
    private readonly SocketAddress _source;
    private long _loopKey;
    private int _recovering;
    private readonly IDatagramHandler _handler;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly ManualResetEventSlim _stopping = new(false);
    private readonly object _socketLock = new();
    private Socket _socket;
    private Thread? _thread;
    private long _sendErrors;
    private long _restarts;

    public UdpChannel(string name, UdpChannelOptions options, IDatagramHandler handler, ILogger logger, UdpReceiveLoop? loop = null)
    {
        _name = name;
        _options = options;
        _handler = handler;
        _logger = logger;
        _loop = loop;
        _source = new SocketAddress(options.Local.AddressFamily);
        _socket = Open();
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long Restarts => Interlocked.Read(ref _restarts);

    /// <summary>The current socket (tests use it to inject a fault).</summary>
    internal Socket Socket => Volatile.Read(ref _socket);

    public void Start()
    {
        if (_loop is not null)
        {
            lock (_socketLock)
            {
                _loopKey = _loop.Register(this, _socket);
            }

            return;
        }

        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "rtp-rx " + _name, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>
    /// Called by the shared loop when epoll reports the socket readable: reads one datagram (level-triggered epoll reports
    /// the socket again while more are queued) and hands it to the handler. Faults start the re-open path.
    /// </summary>
    internal void ReceiveReady(byte[] buffer)
    {
        if (_stopping.IsSet)
        {
            return;
        }

        var socket = Volatile.Read(ref _socket);
        try
        {
            var received = socket.ReceiveFrom(buffer, SocketFlags.None, _source);
            _handler.OnDatagram(this, buffer.AsSpan(0, received), _source);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.ConnectionReset or SocketError.MessageSize)
        {
            // Nothing queued after all, an ICMP error for an earlier send, or an oversized datagram: not a socket fault.
        }
        catch (Exception ex) when (!_stopping.IsSet)
        {
            Fault(socket, ex);
        }
        catch (Exception) when (_stopping.IsSet)
        {
        }
    }

    /// <summary>Whether the current socket has been closed (by us stopping, or behind our back).</summary>
    internal bool IsSocketClosed => !_stopping.IsSet && Volatile.Read(ref _socket).SafeHandle.IsClosed;

    /// <summary>The shared loop's periodic check: a socket closed behind our back (no epoll event ever comes) is a fault.</summary>
    internal void CheckSocketAlive()
    {
        var socket = Volatile.Read(ref _socket);
        if (!_stopping.IsSet && socket.SafeHandle.IsClosed)
        {
            Fault(socket, new ObjectDisposedException(_name, "the socket was closed"));
        }
    }

    private void Fault(Socket socket, Exception error)
    {
        if (Interlocked.Exchange(ref _recovering, 1) != 0 || !ReferenceEquals(socket, Volatile.Read(ref _socket)))
        {
            return;
        }

        LogReceiveFault(_logger, _name, error);
        Interlocked.Increment(ref _restarts);
        _loop!.Unregister(_loopKey, socket);
        _handler.OnFault(this, error);

        // The back-off waits on a pool thread, not on the shared loop that serves every other endpoint.
        ThreadPool.UnsafeQueueUserWorkItem(_ => Recover(), null);
    }

    private void Recover()
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (!_stopping.Wait(backoff))
        {
            if (TryReopen())
            {
                Interlocked.Exchange(ref _recovering, 0);
                _handler.OnRecovered(this);
                return;
            }

            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>Sends one datagram; errors (ICMP refusals, unreachable) are counted, never thrown: they must not stop egress.</summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            Volatile.Read(ref _socket).SendTo(datagram, SocketFlags.None, destination);
            return true;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
            return false;
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendErrors);
            return false;
        }
    }

    public void Dispose()
    {
        _stopping.Set();
        lock (_socketLock)
        {
            _loop?.Unregister(_loopKey, _socket);
            Close(_socket);
        }

        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        // _stopping is deliberately not disposed: a receive thread that outlived the join may still read it.
    }

    private void ReceiveLoop()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferBytes, pinned: true);
        var source = new SocketAddress(_options.Local.AddressFamily);
        var backoff = TimeSpan.FromMilliseconds(50);
        while (!_stopping.IsSet)
        {
            try
            {
                var socket = Volatile.Read(ref _socket);
                var received = socket.ReceiveFrom(buffer, SocketFlags.None, source);
                _handler.OnDatagram(this, buffer.AsSpan(0, received), source);
                backoff = TimeSpan.FromMilliseconds(50);
            }
            catch (SocketException ex) when (!_stopping.IsSet && ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP error for an earlier send, or an oversized datagram: not a socket fault.
            }
            catch (Exception ex) when (!_stopping.IsSet)
            {
                LogReceiveFault(_logger, _name, ex);
                Interlocked.Increment(ref _restarts);
                _handler.OnFault(this, ex);
                if (_stopping.Wait(backoff))
                {
                    return;
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2000));
                if (TryReopen())
                {
                    _handler.OnRecovered(this);
                }
            }
            catch (Exception) when (_stopping.IsSet)
            {
                return;
            }
        }
    }

    private bool TryReopen()
    {
        try
        {
            var fresh = Open(LocalEndPoint.Port);
            lock (_socketLock)
            {
                if (_stopping.IsSet)
                {
                    Close(fresh);
                    return false;
                }

                var old = _socket;
                Volatile.Write(ref _socket, fresh);
                Close(old);
                if (_loop is not null)
                {
                    _loopKey = _loop.Register(this, fresh);
                }
            }

            LogReopened(_logger, _name, LocalEndPoint);
            return true;
        }
        catch (SocketException ex)
        {
            LogReopenFailed(_logger, _name, ex);
            return false;
        }
    }

    private Socket Open(int? port = null)
    {
        var local = port is { } p ? new IPEndPoint(_options.Local.Address, p) : _options.Local;
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = 1 << 20;

            // On the shared loop a read must never block it: epoll said readable, but be safe if it was not.
            socket.Blocking = _loop is null;
            if (_options.MulticastGroup is { } group)
            {
                // Several receivers on one host may share the group port; binding the group address (Linux) keeps
                // datagrams of other groups on the same port out (protocols-ip.md B5).
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(OperatingSystem.IsLinux() ? group : AnyOf(group), local.Port));
                var nic = _options.MulticastInterface ?? AnyOf(group);
                if (group.AddressFamily == AddressFamily.InterNetwork)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, nic));
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, nic.GetAddressBytes());
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, _options.Ttl);
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
                }
                else
                {
                    var index = InterfaceIndex(nic);
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, index));
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, (int)index);
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, _options.Ttl);
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, true);
                }
            }
            else
            {
                socket.Bind(local);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Close(Socket socket)
    {
        if (_options.MulticastGroup is { } group)
        {
            try
            {
                // Leave explicitly so the membership report goes out now rather than at the kernel's timeout.
                var nic = _options.MulticastInterface ?? AnyOf(group);
                if (group.AddressFamily == AddressFamily.InterNetwork)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.DropMembership, new MulticastOption(group, nic));
                }
                else
                {
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.DropMembership, new IPv6MulticastOption(group, InterfaceIndex(nic)));
                }
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        socket.Dispose();
    }

    private static IPAddress AnyOf(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;

    private static long InterfaceIndex(IPAddress nic)
    {
        if (nic.Equals(IPAddress.IPv6Any))
        {
            return 0;
        }

        foreach (var ni in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var ua in ni.GetIPProperties().UnicastAddresses)
            {
                if (ua.Address.Equals(nic))
                {
                    return ni.GetIPProperties().GetIPv6Properties().Index;
                }
            }
        }

        return 0;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "RTP socket {Channel}: receive loop fault, restarting the socket")]
    private static partial void LogReceiveFault(ILogger logger, string channel, Exception error);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "RTP socket {Channel}: re-opened on {Local}")]
    private static partial void LogReopened(ILogger logger, string channel, IPEndPoint local);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "RTP socket {Channel}: re-open failed, retrying")]
    private static partial void LogReopenFailed(ILogger logger, string channel, Exception error);
}
