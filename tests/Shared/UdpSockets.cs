using System.Globalization;

namespace Gateway.Tests.Shared;

/// <summary>
/// Whether a UDP port is bound in a process's network namespace, read from <c>/proc/&lt;pid&gt;/net/udp{,6}</c> (so it
/// also works for a peer started inside a test-made namespace): a test waits for a peer's socket instead of sleeping.
/// The port is one the test picked as free, so the peer is the one that binds it.
/// </summary>
public static class UdpSockets
{
    public static async Task WaitUntilBoundAsync(int processId, int port, TimeSpan timeout, Func<bool>? hasExited = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!IsBound(processId, port))
        {
            if (hasExited?.Invoke() == true)
            {
                throw new InvalidOperationException($"process {processId} exited before binding UDP port {port}");
            }

            try
            {
                await Task.Delay(10, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"process {processId} did not bind UDP port {port} within {timeout.TotalSeconds} s");
            }
        }
    }

    public static bool IsBound(int processId, int port) =>
        Lists(processId, "udp", port) || Lists(processId, "udp6", port);

    // Lines look like "  12: 0100007F:9C40 00000000:0000 07 ...": the local address's port is the hex after the colon.
    private static bool Lists(int processId, string table, int port)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{processId}/net/{table}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1 && fields[1].LastIndexOf(':') is var colon and > 0
                && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bound)
                && bound == port)
            {
                return true;
            }
        }

        return false;
    }
}
