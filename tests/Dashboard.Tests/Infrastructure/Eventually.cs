namespace GoLive.Dashboard.Tests.Infrastructure;

/// <summary>Waits for a condition the system reaches on its own (a health probe, a sampler tick).</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, int pollMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }
            await Task.Delay(pollMilliseconds);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; last value: {last}");
    }

    public static Task<T> WaitForAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout, string what, int pollMilliseconds = 100) =>
        WaitForAsync(() => Task.FromResult(probe()), done, timeout, what, pollMilliseconds);
}
