using System.Diagnostics;

namespace PostHogServer.Auth;

/// <summary>
/// Token bucket shared by all API requests made with a personal key (team-wide, as PostHog's
/// docs describe): refills at the configured rate, holds at most one second's worth.
/// </summary>
public sealed class RateLimiter
{
    private readonly object gate = new();
    private double rate;
    private double tokens;
    private long lastRefill;
    private long throttled;

    /// <summary>How many requests were refused so far.</summary>
    public long Throttled => Interlocked.Read(ref throttled);

    /// <summary>Takes one token; when none is left returns false and the seconds to wait.</summary>
    public bool TryAcquire(double perSecond, out int waitSeconds)
    {
        waitSeconds = 0;
        if (perSecond <= 0)
        {
            return true;
        }

        lock (gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (rate != perSecond)
            {
                rate = perSecond;
                tokens = Math.Max(1, perSecond);
                lastRefill = now;
            }

            var elapsed = Stopwatch.GetElapsedTime(lastRefill, now).TotalSeconds;
            tokens = Math.Min(Math.Max(1, rate), tokens + elapsed * rate);
            lastRefill = now;
            if (tokens >= 1)
            {
                tokens -= 1;
                return true;
            }

            waitSeconds = Math.Max(1, (int)Math.Ceiling((1 - tokens) / rate));
        }

        Interlocked.Increment(ref throttled);
        return false;
    }

    /// <summary>Refills the bucket and clears the counter.</summary>
    public void Reset()
    {
        lock (gate)
        {
            rate = 0;
            tokens = 0;
        }

        Interlocked.Exchange(ref throttled, 0);
    }
}
