using System.Diagnostics;

namespace Gateway.Connectors.Serial.Tests;

/// <summary>Waits on a condition with a timeout (no fixed sleeps in tests).</summary>
internal static class Wait
{
    public static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}");
            }

            Thread.Sleep(5);
        }
    }
}
