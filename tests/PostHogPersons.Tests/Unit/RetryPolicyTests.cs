using System.Net;
using System.Net.Http;
using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class RetryPolicyTests
{
    [Theory]
    [InlineData(1, 0.5, 1.0)]
    [InlineData(2, 1.0, 2.0)]
    [InlineData(3, 2.0, 4.0)]
    [InlineData(5, 8.0, 16.0)]
    public void Without_retry_after_the_wait_doubles_with_jitter_in_its_upper_half(int attempt, double low, double high)
    {
        var policy = new RetryPolicy();
        var waits = Enumerable.Range(0, 200).Select(_ => policy.Delay(attempt, null, 1).TotalSeconds).ToList();

        Assert.All(waits, w => Assert.InRange(w, low, high));
        Assert.True(waits.Distinct().Count() > 100, "the waits should be spread, not in step");
    }

    [Fact]
    public void Retry_after_wins_and_every_wait_is_capped()
    {
        var policy = new RetryPolicy();

        Assert.Equal(TimeSpan.FromSeconds(7), policy.Delay(4, 7, 1));
        Assert.Equal(TimeSpan.FromMinutes(2), policy.Delay(1, 3600, 1));
        Assert.Equal(TimeSpan.FromMinutes(2), policy.Delay(30, null, 10));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_a_date()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "12");
        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddSeconds(30).ToString("R"));
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.TryAddWithoutValidation("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(12, RetryPolicy.ReadRetryAfter(seconds));
        Assert.InRange(RetryPolicy.ReadRetryAfter(date).Value, 28, 30);
        Assert.Equal(0, RetryPolicy.ReadRetryAfter(past));
        Assert.Null(RetryPolicy.ReadRetryAfter(none));
    }
}
