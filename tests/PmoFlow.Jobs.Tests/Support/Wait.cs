namespace PmoFlow.Jobs.Tests.Support;

internal static class Wait
{
    /// <summary>Polls <paramref name="condition"/> every 200 ms until true; fails with <paramref name="what"/> (and the diagnostics) after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.{(diagnostics is null ? string.Empty : "\n" + diagnostics())}");
    }
}
