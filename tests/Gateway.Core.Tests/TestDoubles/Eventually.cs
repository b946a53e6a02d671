namespace Gateway.Core.Tests.TestDoubles;

/// <summary>Waits for a condition that another thread makes true (no fixed sleeps; fails after a generous timeout).</summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        if (!SpinWait.SpinUntil(condition, timeoutMs))
        {
            Assert.Fail("Timed out waiting for: " + what);
        }
    }
}
