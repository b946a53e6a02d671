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

    public static void CloseFd(int fd) => _ = close(fd);

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
