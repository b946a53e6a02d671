using System.Diagnostics;
using System.Runtime.InteropServices;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Rtp.Tests.Support;

/// <summary>
/// A throw-away Linux network namespace (needs root, as in CI). Multicast tests run there so they never touch the host's
/// interfaces. Code runs inside it on a dedicated thread that joined the namespace with setns(2); sockets and threads
/// created there stay in it. Creation failures throw: the test fails, it never skips.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    public NetworkNamespace()
    {
        Name = "gwrtp-" + Guid.NewGuid().ToString("N")[..8];
        Ip("netns", "add", Name);
        try
        {
            Ip("-n", Name, "link", "set", "lo", "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }

    /// <summary>Runs <paramref name="action"/> on a new thread inside the namespace and returns its result.</summary>
    public T Run<T>(Func<T> action)
    {
        T? result = default;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/var/run/netns/{Name}");
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {Name} failed: errno {Marshal.GetLastPInvokeError()} (the test must run as root).");
                }

                result = action();
            }
            catch (Exception ex)
            {
                error = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new InvalidOperationException("Running inside network namespace " + Name + " failed.", error);
        }

        return result!;
    }

    public void Dispose()
    {
        try
        {
            Ip("netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void Ip(params string[] arguments)
    {
        var info = new ProcessStartInfo(RequiredTool.Find("ip")) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()} — multicast tests need root and iproute2.");
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
