namespace Gateway.Host.Tests.EndToEnd.Support;

/// <summary>Waits on a condition with a timeout (never a fixed sleep); the failure names what was awaited.</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}; last value: {value}");
            }

            await Task.Delay(25);
        }
    }
}
