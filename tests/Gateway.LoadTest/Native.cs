using System.Runtime.InteropServices;

namespace Gateway.LoadTest;

/// <summary>
/// Linux epoll and non-blocking recv, so one thread drains thousands of listener sockets without an exception or an
/// allocation per empty read (a managed non-blocking ReceiveFrom throws on EAGAIN).
/// </summary>
internal static partial class Native
{
    public const uint EpollIn = 0x001;
    private const int EpollCtlAdd = 1;
    private const int MsgDontWait = 0x40;

    /// <summary>struct epoll_event is packed (12 bytes) on x86-64 and 16 bytes elsewhere.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static int EpollCreate()
    {
        var fd = epoll_create1(0);
        return fd >= 0 ? fd : throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static unsafe void EpollAdd(int epfd, int fd, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = EpollIn;
        var dataOffset = EpollEventSize == 12 ? 4 : 8;
        *(ulong*)(ev + dataOffset) = data;
        if (epoll_ctl(epfd, EpollCtlAdd, fd, ev) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for ready sockets; returns how many events were written to <paramref name="events"/>.</summary>
    public static unsafe int EpollWait(int epfd, Span<byte> events, int timeoutMs)
    {
        fixed (byte* p = events)
        {
            return epoll_wait(epfd, p, events.Length / EpollEventSize, timeoutMs);
        }
    }

    public static unsafe ulong EventData(ReadOnlySpan<byte> events, int index)
    {
        var offset = (index * EpollEventSize) + (EpollEventSize == 12 ? 4 : 8);
        fixed (byte* p = events)
        {
            return *(ulong*)(p + offset);
        }
    }

    /// <summary>One datagram, or -1 when none is queued.</summary>
    public static unsafe int Receive(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return (int)recv(fd, p, (nuint)buffer.Length, MsgDontWait);
        }
    }

    /// <summary>
    /// One datagram with the kernel's receive time (SO_TIMESTAMPNS, CLOCK_REALTIME nanoseconds; 0 when absent), or -1 when
    /// none is queued. The kernel stamp is when the packet reached the socket, so a harness thread that was descheduled
    /// before draining does not count as gateway delay. <paramref name="sourcePort"/> is the sender's UDP port (IPv4).
    /// </summary>
    public static unsafe int ReceiveStamped(int fd, Span<byte> buffer, out long realtimeNanoseconds, out int sourcePort)
    {
        realtimeNanoseconds = 0;
        sourcePort = 0;
        var control = stackalloc byte[64];
        var name = stackalloc byte[16]; // struct sockaddr_in
        fixed (byte* p = buffer)
        {
            var iov = stackalloc nint[2];
            iov[0] = (nint)p;
            iov[1] = buffer.Length;
            var msg = stackalloc byte[56];
            new Span<byte>(msg, 56).Clear();
            *(nint*)msg = (nint)name;        // msg_name
            *(int*)(msg + 8) = 16;           // msg_namelen
            *(nint*)(msg + 16) = (nint)iov;  // msg_iov
            *(nint*)(msg + 24) = 1;          // msg_iovlen
            *(nint*)(msg + 32) = (nint)control; // msg_control
            *(nint*)(msg + 40) = 64;         // msg_controllen
            var n = (int)recvmsg(fd, msg, MsgDontWait);
            if (n < 0)
            {
                return n;
            }

            sourcePort = (name[2] << 8) | name[3]; // sin_port, network byte order
            var controlLength = *(nint*)(msg + 40);
            var offset = 0;
            while (offset + 16 <= controlLength)
            {
                var length = (int)*(nint*)(control + offset);
                var level = *(int*)(control + offset + 8);
                var type = *(int*)(control + offset + 12);
                if (level == SolSocket && type == SoTimestampNs && length >= 32)
                {
                    realtimeNanoseconds = (*(long*)(control + offset + 16) * 1_000_000_000L) + *(long*)(control + offset + 24);
                }

                if (length <= 0)
                {
                    break;
                }

                offset += (length + 7) & ~7;
            }

            return n;
        }
    }

    /// <summary>Asks the kernel to stamp every received datagram (see <see cref="ReceiveStamped"/>).</summary>
    public static void EnableTimestamps(System.Net.Sockets.Socket socket) =>
        socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));

    public static void CloseFd(int fd) => _ = close(fd);

    /// <summary>Most datagrams one <see cref="SendMany"/> call hands the kernel.</summary>
    public const int MaxBatch = 64;

    /// <summary>
    /// Sends <paramref name="packet"/> to each IPv4 destination (16-byte <c>sockaddr_in</c> records, see
    /// <see cref="SockaddrIn"/>) with <c>sendmmsg</c>: one system call per <see cref="MaxBatch"/> datagrams.
    /// </summary>
    /// <returns>Datagrams sent.</returns>
    public static unsafe int SendMany(int fd, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> destinations)
    {
        const int MMsgHdrBytes = 64; // struct mmsghdr on 64-bit Linux: a 56-byte msghdr, the sent length, padding
        var count = destinations.Length / 16;
        var headers = stackalloc byte[MaxBatch * MMsgHdrBytes];
        var iov = stackalloc nint[2];
        var total = 0;
        fixed (byte* data = packet)
        fixed (byte* names = destinations)
        {
            iov[0] = (nint)data;
            iov[1] = packet.Length;
            while (total < count)
            {
                var batch = Math.Min(MaxBatch, count - total);
                new Span<byte>(headers, batch * MMsgHdrBytes).Clear();
                for (var i = 0; i < batch; i++)
                {
                    var msg = headers + (i * MMsgHdrBytes);
                    *(nint*)msg = (nint)(names + ((total + i) * 16)); // msg_name
                    *(int*)(msg + 8) = 16;                            // msg_namelen
                    *(nint*)(msg + 16) = (nint)iov;                   // msg_iov
                    *(nint*)(msg + 24) = 1;                           // msg_iovlen
                }

                var sent = sendmmsg(fd, headers, (uint)batch, 0);
                if (sent <= 0)
                {
                    throw new InvalidOperationException($"sendmmsg failed: errno {Marshal.GetLastPInvokeError()}");
                }

                total += sent;
            }
        }

        return total;
    }

    /// <summary>The 16-byte <c>struct sockaddr_in</c> of an IPv4 end point (family in host order, port big-endian).</summary>
    public static void SockaddrIn(System.Net.IPEndPoint endPoint, Span<byte> destination)
    {
        destination[..16].Clear();
        BitConverter.TryWriteBytes(destination, (ushort)System.Net.Sockets.AddressFamily.InterNetwork);
        destination[2] = (byte)(endPoint.Port >> 8);
        destination[3] = (byte)endPoint.Port;
        endPoint.Address.TryWriteBytes(destination.Slice(4, 4), out _);
    }

    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int sendmmsg(int fd, byte* messages, uint count, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint recvmsg(int fd, byte* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
