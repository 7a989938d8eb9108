namespace PmoFlow.Server.Tests.Support;

/// <summary>A clock stopped at one instant, so every figure of the tests can be worked out by hand.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
