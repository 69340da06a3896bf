using System;
using System.Collections.Generic;

namespace PostHogPersons.Client
{
    /// <summary>
    /// A token bucket that keeps requests under "N per rolling window W" as PostHog's
    /// throttles count them, with room for the network: a burst of half a second's worth,
    /// then evenly spaced at 98 % of the limit. No window of length W ever holds more than N
    /// grants, and a server whose own bucket allows one second's worth at the same rate
    /// never refuses one, even when the first request takes half a second longer to arrive
    /// than the others.
    /// </summary>
    internal sealed class SpacedRate
    {
        /// <summary>The share of the limit used, leaving room for differences in latency.</summary>
        internal const double Share = 0.98;

        private double _tokens = double.NaN;
        private long _last;
        private int _limit;

        public SpacedRate(TimeSpan window) => Window = window;

        /// <summary>The window the limit counts over, e.g. one minute.</summary>
        public TimeSpan Window { get; }

        /// <summary>
        /// How long a request at <paramref name="now"/> (ticks) must wait under a limit of
        /// <paramref name="limit"/> per window; zero when it may go (then call <see cref="Take"/>).
        /// </summary>
        public TimeSpan Wait(long now, int limit)
        {
            double burst = Burst(limit);
            double perTick = PerTick(limit);
            if (double.IsNaN(_tokens) || limit != _limit)
            {
                // A new or changed limit starts from what was left, capped at the new burst.
                _tokens = double.IsNaN(_tokens) ? burst : Math.Min(_tokens, burst);
                _limit = limit;
                _last = now;
            }

            _tokens = Math.Min(burst, _tokens + (now - _last) * perTick);
            _last = Math.Max(_last, now);
            return _tokens >= 1
                ? TimeSpan.Zero
                : TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - _tokens) / perTick)));
        }

        /// <summary>Takes the grant that <see cref="Wait"/> found.</summary>
        public void Take() => _tokens -= 1;

        /// <summary>Half a second's worth of the limit, at least one grant.</summary>
        /// <remarks>
        /// Limitation: under two requests a second the burst is a single grant and leaves no
        /// room, so against a server whose bucket holds one second's worth, a first request
        /// that arrives late can make the second one meet a 429 (which is then retried).
        /// PostHog's own limits (240 a minute and up, counted over a rolling minute) are not
        /// affected.
        /// </remarks>
        internal double Burst(int limit)
        {
            return Math.Max(1, Math.Floor(limit * TimeSpan.TicksPerSecond / 2.0 / Window.Ticks));
        }

        /// <summary>
        /// The refill rate, 98 % of the limit: a window of length W (open at its start) holds at
        /// most burst + rate × W − 1 grants, which is at most N because the burst is at most
        /// 2 % of N plus one.
        /// </summary>
        private double PerTick(int limit)
        {
            return Share * limit / Window.Ticks;
        }
    }

    /// <summary>
    /// "At most N in any window W", exactly as PostHog (Django REST framework) counts: the
    /// grant times of the last window are kept and a request waits until the oldest one
    /// leaves the window. Used for hourly limits, where spacing requests evenly would waste
    /// most of the hour's allowance on short runs.
    /// </summary>
    internal sealed class RollingWindow
    {
        private readonly Queue<long> _grants = new Queue<long>();

        public RollingWindow(TimeSpan window) => Window = window;

        public TimeSpan Window { get; }

        /// <summary>
        /// How long a request at <paramref name="now"/> must wait; zero when it may go.
        /// </summary>
        public TimeSpan Wait(long now, int limit)
        {
            while (_grants.Count > 0 && _grants.Peek() <= now - Window.Ticks)
            {
                _grants.Dequeue();
            }

            if (_grants.Count < limit)
            {
                return TimeSpan.Zero;
            }

            // The grant whose leaving makes room; deeper than the oldest after a lowered limit.
            long oldest = _grants.Count == limit
                ? _grants.Peek()
                : _grants.ToArray()[_grants.Count - limit];
            long frees = oldest + Window.Ticks;
            return TimeSpan.FromTicks(Math.Max(1, frees - now));
        }

        /// <summary>Records a grant at <paramref name="now"/>.</summary>
        public void Take(long now) => _grants.Enqueue(now);
    }
}
