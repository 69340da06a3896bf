using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Holds requests back before PostHog has to refuse them: per PostHog throttle bucket
    /// (persons reads, persons deletes, queries) a per-minute token bucket, a per-hour
    /// rolling window and, for queries, a limit on requests in flight. The numbers come from
    /// <see cref="PHConfiguration.Current"/> at each request, so Set-PHConfiguration applies
    /// at once. There is one pacer per API host and key in the process (see
    /// <see cref="For"/>), shared by every connection, runspace and thread that uses them.
    /// Capture is never paced.
    /// </summary>
    public sealed class RatePacer : IRequestPacer
    {
        private static readonly ConcurrentDictionary<string, RatePacer> Registry =
            new ConcurrentDictionary<string, RatePacer>(StringComparer.Ordinal);

        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        private readonly BucketState _reads = new BucketState(hasHourly: false);
        private readonly BucketState _deletes = new BucketState(hasHourly: true);
        private readonly BucketState _queries = new BucketState(hasHourly: true);
        private readonly Func<PacingLimits> _limits;
        private readonly Func<long> _now;

        /// <summary>Creates a pacer; tests pass their own limits and clock.</summary>
        internal RatePacer(Func<PacingLimits> limits = null, Func<long> now = null)
        {
            _limits = limits ?? (() => PacingLimits.From(PHConfiguration.Current));
            _now = now ?? (() => Clock.Elapsed.Ticks);
        }

        /// <summary>
        /// The pacer of one API host and key, created on first use. The registry is keyed by
        /// the host and a SHA-256 fingerprint of the key, never by the key itself.
        /// </summary>
        public static RatePacer For(Uri apiBase, string keyFingerprint)
        {
            return Registry.GetOrAdd(
                apiBase.AbsoluteUri + "#" + keyFingerprint, _ => new RatePacer());
        }

        /// <summary>A short, one-way fingerprint of an API key (hex of its SHA-256).</summary>
        internal static string Fingerprint(string apiKey)
        {
            using (SHA256 sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(apiKey));
                var text = new StringBuilder(32);
                for (int i = 0; i < 16; i++)
                {
                    text.Append(hash[i].ToString("x2"));
                }

                return text.ToString();
            }
        }

        /// <inheritdoc/>
        public async Task<IDisposable> AcquireAsync(
            RateBucket bucket, CancellationToken cancellationToken)
        {
            BucketState state = StateOf(bucket);
            if (state == null)
            {
                return NoPacing.Instance;
            }

            PacingLimits limits = _limits();
            IDisposable slot = bucket == RateBucket.Query
                ? await state.EnterAsync(limits.QueryConcurrency, cancellationToken)
                    .ConfigureAwait(false)
                : NoPacing.Instance;
            try
            {
                // One waiter at a time per bucket, in arrival order; the others queue on the
                // line. Nothing is reserved ahead, so a cancelled wait leaves no debt.
                await state.Line.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    while (true)
                    {
                        TimeSpan wait;
                        lock (state)
                        {
                            wait = state.TryTake(_now(), LimitsOf(bucket, _limits()));
                        }

                        if (wait <= TimeSpan.Zero)
                        {
                            return slot;
                        }

                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    state.Line.Release();
                }
            }
            catch
            {
                slot.Dispose();
                throw;
            }
        }

        /// <inheritdoc/>
        public void Hold(RateBucket bucket, TimeSpan wait)
        {
            BucketState state = StateOf(bucket);
            if (state != null && wait > TimeSpan.Zero)
            {
                lock (state)
                {
                    state.HoldUntil = Math.Max(state.HoldUntil, _now() + wait.Ticks);
                }
            }
        }

        private BucketState StateOf(RateBucket bucket)
        {
            switch (bucket)
            {
                case RateBucket.PersonsRead:
                    return _reads;
                case RateBucket.PersonsDelete:
                    return _deletes;
                case RateBucket.Query:
                    return _queries;
                default:
                    return null;
            }
        }

        private static (int PerMinute, int PerHour) LimitsOf(RateBucket bucket, PacingLimits limits)
        {
            switch (bucket)
            {
                case RateBucket.PersonsDelete:
                    return (limits.PersonsDeletePerMinute, limits.PersonsDeletePerHour);
                case RateBucket.Query:
                    return (limits.QueryPerMinute, limits.QueryPerHour);
                default:
                    return (limits.PersonsReadPerMinute, 0);
            }
        }

        /// <summary>The pacing state of one PostHog throttle bucket.</summary>
        internal sealed class BucketState
        {
            private readonly SpacedRate _minute = new SpacedRate(TimeSpan.FromMinutes(1));
            private readonly RollingWindow _hour;
            private SemaphoreSlim _inFlight;
            private int _inFlightLimit;

            public BucketState(bool hasHourly)
            {
                // Two seconds longer than PostHog's hour, so that requests that reach it later or
                // sooner than they left do not crowd an hour there.
                _hour = hasHourly
                    ? new RollingWindow(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2))
                    : null;
            }

            public SemaphoreSlim Line { get; } = new SemaphoreSlim(1, 1);

            /// <summary>Until when PostHog asked to wait (Retry-After), in clock ticks.</summary>
            public long HoldUntil { get; set; }

            /// <summary>Takes a grant from every limit, or returns the longest wait.</summary>
            public TimeSpan TryTake(long now, (int PerMinute, int PerHour) limits)
            {
                TimeSpan wait = TimeSpan.FromTicks(Math.Max(0, HoldUntil - now));
                TimeSpan minute = _minute.Wait(now, limits.PerMinute);
                if (minute > wait)
                {
                    wait = minute;
                }

                bool hourly = _hour != null && limits.PerHour > 0;
                TimeSpan hour = hourly ? _hour.Wait(now, limits.PerHour) : TimeSpan.Zero;
                if (hour > wait)
                {
                    wait = hour;
                }

                if (wait > TimeSpan.Zero)
                {
                    return wait;
                }

                _minute.Take();
                if (hourly)
                {
                    _hour.Take(now);
                }

                return TimeSpan.Zero;
            }

            /// <summary>Waits for a free in-flight slot under <paramref name="limit"/>.</summary>
            public async Task<IDisposable> EnterAsync(
                int limit, CancellationToken cancellationToken)
            {
                SemaphoreSlim gate;
                lock (this)
                {
                    if (_inFlight == null || _inFlightLimit != limit)
                    {
                        // Limitation: after a change of the limit, requests already in flight
                        // under the old one are not counted against the new one.
                        _inFlight = new SemaphoreSlim(limit, limit);
                        _inFlightLimit = limit;
                    }

                    gate = _inFlight;
                }

                await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                return new Release(gate);
            }
        }

        private sealed class Release : IDisposable
        {
            private SemaphoreSlim _gate;

            public Release(SemaphoreSlim gate) => _gate = gate;

            public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
        }
    }

    /// <summary>The pacing numbers in force, read from the configuration at each request.</summary>
    internal struct PacingLimits
    {
        public int PersonsReadPerMinute;
        public int PersonsDeletePerMinute;
        public int PersonsDeletePerHour;
        public int QueryPerMinute;
        public int QueryPerHour;
        public int QueryConcurrency;

        public static PacingLimits From(PHConfiguration configuration)
        {
            return new PacingLimits
            {
                PersonsReadPerMinute = configuration.PersonsReadPerMinute,
                PersonsDeletePerMinute = configuration.PersonsDeletePerMinute,
                PersonsDeletePerHour = configuration.PersonsDeletePerHour,
                QueryPerMinute = configuration.QueryPerMinute,
                QueryPerHour = configuration.QueryPerHour,
                QueryConcurrency = Math.Max(1, configuration.QueryConcurrency),
            };
        }
    }
}
