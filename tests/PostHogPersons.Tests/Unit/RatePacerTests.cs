using System.Net.Http;
using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>The pacer's arithmetic on a clock the test moves by hand.</summary>
public class RatePacerTests
{
    private long _now;

    private RatePacer Pacer(PacingLimits limits) => new(() => limits, () => _now);

    private static PacingLimits Limits(
        int readsPerMinute = 240, int deletesPerMinute = 480, int deletesPerHour = 4800,
        int queriesPerMinute = 240, int queriesPerHour = 2400, int queryConcurrency = 3)
    {
        return new PacingLimits
        {
            PersonsReadPerMinute = readsPerMinute,
            PersonsDeletePerMinute = deletesPerMinute,
            PersonsDeletePerHour = deletesPerHour,
            QueryPerMinute = queriesPerMinute,
            QueryPerHour = queriesPerHour,
            QueryConcurrency = queryConcurrency,
        };
    }

    /// <summary>Grant times when requests arrive as fast as allowed for <paramref name="span"/>.</summary>
    private static List<long> GreedyGrants(Func<long, TimeSpan> wait, Action<long> take, TimeSpan span)
    {
        var grants = new List<long>();
        long now = 0;
        while (now < span.Ticks)
        {
            TimeSpan next = wait(now);
            if (next == TimeSpan.Zero)
            {
                take(now);
                grants.Add(now);
            }
            else
            {
                now += next.Ticks;
            }
        }

        return grants;
    }

    /// <summary>The most grants any window of length <paramref name="window"/> (open at its start) holds.</summary>
    private static int MostInAnyWindow(List<long> grants, TimeSpan window)
    {
        int most = 0;
        int start = 0;
        for (int end = 0; end < grants.Count; end++)
        {
            while (grants[start] <= grants[end] - window.Ticks)
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }

    /// <summary>
    /// How many of <paramref name="grants"/> the local test server's limiter would refuse:
    /// a token bucket refilled at <paramref name="perSecond"/> holding one second's worth.
    /// </summary>
    private static int RefusedByServerBucket(List<long> grants, double perSecond)
    {
        double capacity = Math.Max(1, perSecond);
        double tokens = capacity;
        long last = grants[0];
        int refused = 0;
        foreach (long grant in grants)
        {
            tokens = Math.Min(capacity, tokens + (grant - last) / (double)TimeSpan.TicksPerSecond * perSecond);
            last = grant;
            if (tokens >= 1 - 1e-9)
            {
                tokens -= 1;
            }
            else
            {
                refused++;
            }
        }

        return refused;
    }

    [Theory]
    [InlineData(240, 2)]
    [InlineData(1200, 10)]
    [InlineData(480, 4)]
    [InlineData(30, 1)]
    [InlineData(1, 1)]
    public void A_minute_bucket_bursts_half_a_seconds_worth_and_stays_just_under_the_limit_in_any_minute(
        int perMinute, int burst)
    {
        var rate = new SpacedRate(TimeSpan.FromMinutes(1));

        List<long> grants = GreedyGrants(now => rate.Wait(now, perMinute), _ => rate.Take(), TimeSpan.FromMinutes(5));

        Assert.Equal(burst, grants.Count(t => t == 0));
        Assert.InRange(MostInAnyWindow(grants, TimeSpan.FromMinutes(1)), (int)(0.97 * perMinute), perMinute);
    }

    [Theory]
    [InlineData(240)]
    [InlineData(300)]
    [InlineData(1200)]
    public void A_server_bucket_of_one_seconds_worth_at_the_same_rate_refuses_nothing_despite_latency(int perMinute)
    {
        var rate = new SpacedRate(TimeSpan.FromMinutes(1));
        List<long> grants = GreedyGrants(now => rate.Wait(now, perMinute), _ => rate.Take(), TimeSpan.FromMinutes(2));
        var random = new Random(7);

        // The first request is slow (a new connection), the others take 0-20 ms.
        List<long> arrivals = grants
            .Select((grant, i) => grant + TimeSpan.FromMilliseconds(i == 0 ? 400 : random.Next(0, 20)).Ticks)
            .OrderBy(t => t)
            .ToList();

        Assert.Equal(0, RefusedByServerBucket(arrivals, perMinute / 60.0));
    }

    [Fact]
    public void An_hour_window_allows_the_whole_hour_early_then_waits_for_the_oldest_to_leave()
    {
        var window = new RollingWindow(TimeSpan.FromHours(1));
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, window.Wait(i * TimeSpan.TicksPerSecond, 100));
            window.Take(i * TimeSpan.TicksPerSecond);
        }

        long now = TimeSpan.FromMinutes(10).Ticks;

        Assert.Equal(TimeSpan.FromMinutes(50), window.Wait(now, 100));
        Assert.Equal(TimeSpan.Zero, window.Wait(TimeSpan.FromHours(1).Ticks + 1, 100));
    }

    [Fact]
    public void Deletes_follow_both_the_minute_and_the_hour_limit()
    {
        var state = new RatePacer.BucketState(hasHourly: true);
        // TryTake takes the grant itself when it returns zero.
        List<long> grants = GreedyGrants(now => state.TryTake(now, (120, 150)), _ => { }, TimeSpan.FromHours(3));

        Assert.InRange(MostInAnyWindow(grants, TimeSpan.FromMinutes(1)), 115, 120);
        Assert.Equal(150, MostInAnyWindow(grants, TimeSpan.FromHours(1)));
        Assert.Equal(450, grants.Count);
    }

    [Fact]
    public async Task Reads_deletes_and_queries_are_paced_separately_and_capture_never()
    {
        var pacer = Pacer(Limits(readsPerMinute: 1, deletesPerMinute: 1, queriesPerMinute: 1));

        foreach (RateBucket bucket in new[] { RateBucket.PersonsRead, RateBucket.PersonsDelete, RateBucket.Query })
        {
            (await pacer.AcquireAsync(bucket, CancellationToken.None)).Dispose();
        }

        for (int i = 0; i < 10; i++)
        {
            Assert.True(pacer.AcquireAsync(RateBucket.Capture, CancellationToken.None).IsCompletedSuccessfully);
        }

        Assert.False(pacer.AcquireAsync(RateBucket.PersonsRead, new CancellationTokenSource(50).Token).IsCompleted);
    }

    [Fact]
    public async Task A_wait_ends_at_once_when_cancelled_and_leaves_no_debt()
    {
        var pacer = Pacer(Limits(readsPerMinute: 1));
        (await pacer.AcquireAsync(RateBucket.PersonsRead, CancellationToken.None)).Dispose();
        using var cancel = new CancellationTokenSource();

        Task<IDisposable> waiting = pacer.AcquireAsync(RateBucket.PersonsRead, cancel.Token);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _now += TimeSpan.FromSeconds(62).Ticks;
        Assert.True(pacer.AcquireAsync(RateBucket.PersonsRead, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Retry_after_from_PostHog_holds_the_whole_bucket()
    {
        var pacer = Pacer(Limits());
        pacer.Hold(RateBucket.PersonsRead, TimeSpan.FromSeconds(30));

        Task<IDisposable> held = pacer.AcquireAsync(RateBucket.PersonsRead, new CancellationTokenSource(100).Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        Assert.True(pacer.AcquireAsync(RateBucket.PersonsDelete, CancellationToken.None).IsCompletedSuccessfully);
        _now += TimeSpan.FromSeconds(30).Ticks;
        Assert.True(pacer.AcquireAsync(RateBucket.PersonsRead, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task At_most_QueryConcurrency_queries_are_in_flight()
    {
        var pacer = Pacer(Limits(queryConcurrency: 2, queriesPerMinute: 100000, queriesPerHour: 1000000));
        IDisposable first = await pacer.AcquireAsync(RateBucket.Query, CancellationToken.None);
        IDisposable second = await pacer.AcquireAsync(RateBucket.Query, CancellationToken.None);

        Task<IDisposable> third = pacer.AcquireAsync(RateBucket.Query, CancellationToken.None);
        Assert.False(third.IsCompleted);

        first.Dispose();
        (await third).Dispose();
        second.Dispose();
    }

    [Fact]
    public void One_pacer_per_host_and_key_fingerprint_and_the_key_is_not_its_name()
    {
        string key = "phx_fingerprint_test_key";
        string fingerprint = RatePacer.Fingerprint(key);

        Assert.Same(
            RatePacer.For(new Uri("https://ph.example.test/"), fingerprint),
            RatePacer.For(new Uri("https://ph.example.test/"), RatePacer.Fingerprint(key)));
        Assert.NotSame(
            RatePacer.For(new Uri("https://ph.example.test/"), fingerprint),
            RatePacer.For(new Uri("https://other.example.test/"), fingerprint));
        Assert.Matches("^[0-9a-f]{32}$", fingerprint);
        Assert.DoesNotContain("fingerprint_test", fingerprint);
    }
}
