using System.Runtime.InteropServices;

namespace Gateway.Connectors.Rtp.Transport;

/// <summary>
/// Linux epoll, so a few threads wait on thousands of endpoint sockets at once instead of one blocked thread per socket.
/// Only readiness comes from here; the datagrams themselves are read with the managed span ReceiveFrom.
/// </summary>
internal static partial class EpollNative
{
    public const uint EpollIn = 0x001;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlDel = 2;
    private const int EintrErrno = 4;

    /// <summary>struct epoll_event is packed (12 bytes) on x86-64 and 16 bytes on the other 64-bit ABIs.</summary>
    public static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = EventSize == 12 ? 4 : 8;

    /// <summary>epoll is used on 64-bit Linux; elsewhere each socket keeps its own receive thread.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    public static int Create()
    {
        var fd = epoll_create1(0x80000); // EPOLL_CLOEXEC
        return fd >= 0 ? fd : throw new InvalidOperationException($"epoll_create1 failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static unsafe bool Add(int epfd, nint fd, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = EpollIn;
        *(ulong*)(ev + DataOffset) = data;
        return epoll_ctl(epfd, EpollCtlAdd, (int)fd, ev) == 0;
    }

    public static unsafe void Remove(int epfd, nint fd)
    {
        var ev = stackalloc byte[16];
        _ = epoll_ctl(epfd, EpollCtlDel, (int)fd, ev);
    }

    /// <summary>Waits for ready sockets; returns how many events were written (0 on timeout or interruption).</summary>
    public static unsafe int Wait(int epfd, Span<byte> events, int timeoutMs)
    {
        fixed (byte* p = events)
        {
            var n = epoll_wait(epfd, p, events.Length / EventSize, timeoutMs);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno == EintrErrno ? 0 : throw new InvalidOperationException($"epoll_wait failed: errno {errno}");
            }

            return n;
        }
    }

    public static unsafe ulong EventData(ReadOnlySpan<byte> events, int index)
    {
        fixed (byte* p = events)
        {
            return *(ulong*)(p + (index * EventSize) + DataOffset);
        }
    }

    public static void Close(int fd) => _ = close(fd);

    /// <summary>A non-blocking eventfd to wake a loop from another thread.</summary>
    public static int CreateEventFd()
    {
        var fd = eventfd(0, 0x800 | 0x80000); // EFD_NONBLOCK | EFD_CLOEXEC
        return fd >= 0 ? fd : throw new InvalidOperationException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static unsafe void Signal(int eventFd)
    {
        ulong one = 1;
        _ = write(eventFd, &one, 8);
    }

    public static unsafe void ResetEventFd(int eventFd)
    {
        ulong value;
        _ = read(eventFd, &value, 8);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc")]
    private static unsafe partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport("libc")]
    private static unsafe partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc")]
    private static partial int close(int fd);
}
