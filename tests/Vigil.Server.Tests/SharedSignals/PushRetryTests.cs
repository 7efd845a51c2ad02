using System.Net;
using System.Net.Http.Headers;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

public sealed class PushRetryTests
{
    private static readonly SsfSettings Settings = new() { PushBackoffMs = 1_000, MaxPushBackoffMs = 60_000 };
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.Accepted)]
    public void Delay_Success_NullAndKept(HttpStatusCode status)
    {
        Assert.Null(PushRetry.Delay(status, null, 0, Settings, Now, out bool drop));
        Assert.False(drop);
    }

    [Fact]
    public void Delay_BadRequest_DroppedNotRetried()
    {
        Assert.Null(PushRetry.Delay(HttpStatusCode.BadRequest, null, 0, Settings, Now, out bool drop));
        Assert.True(drop);
    }

    [Fact]
    public void Delay_TooManyRequestsWithRetryAfterSeconds_ThatDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), PushRetry.Delay(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), 5, Settings, Now, out _));
    }

    [Fact]
    public void Delay_ServiceUnavailableWithRetryAfterDate_UntilThenCappedAtMax()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), PushRetry.Delay(HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(30)), 0, Settings, Now, out _));
        Assert.Equal(TimeSpan.FromMinutes(1), PushRetry.Delay(HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromDays(1)), 0, Settings, Now, out _));
    }

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(1, 2_000)]
    [InlineData(3, 8_000)]
    [InlineData(10, 60_000)]
    [InlineData(1_000, 60_000)]
    public void Delay_ServerErrorOrNetworkFailure_ExponentialBackoffCapped(int attempts, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PushRetry.Delay(HttpStatusCode.InternalServerError, null, attempts, Settings, Now, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PushRetry.Delay(null, null, attempts, Settings, Now, out bool drop));
        Assert.False(drop);
    }
}
