using System;
using PostHogPersons.Client;

namespace PostHogPersons.Models
{
    /// <summary>
    /// The module's defaults: paging, retries, timeouts, parallelism and the request rates
    /// that keep a run under PostHog's limits. <see cref="Current"/> is what every cmdlet
    /// uses; Set-PHConfiguration changes it and can save it for the current user.
    /// </summary>
    public class PHConfiguration
    {
        /// <summary>The largest page PostHog's persons list serves.</summary>
        public const int MaximumPageSize = 50000;

        private static readonly object Gate = new object();
        private static PHConfiguration _current;

        /// <summary>Persons per list request when a cmdlet's -PageSize is not given.</summary>
        public int PageSize { get; set; } = 10000;

        /// <summary>Retries after the first try when Connect-PHProject gets none.</summary>
        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first retry wait in seconds when PostHog sends no Retry-After.</summary>
        public double RetryIntervalSec { get; set; } = 1;

        /// <summary>Seconds one request may take when Connect-PHProject gets none.</summary>
        public int TimeoutSec { get; set; } = 100;

        /// <summary>How many requests a bulk cmdlet keeps in flight at once.</summary>
        public int ThrottleLimit { get; set; } = 5;

        /// <summary>Persons reads and non-delete writes per minute (PostHog: 240).</summary>
        public int PersonsReadPerMinute { get; set; } = 240;

        /// <summary>Person deletes per minute (PostHog: 480).</summary>
        public int PersonsDeletePerMinute { get; set; } = 480;

        /// <summary>Person deletes per hour (PostHog: 4800).</summary>
        public int PersonsDeletePerHour { get; set; } = 4800;

        /// <summary>Query endpoint requests per minute (PostHog: 240).</summary>
        public int QueryPerMinute { get; set; } = 240;

        /// <summary>Query endpoint requests per hour (PostHog: 2400).</summary>
        public int QueryPerHour { get; set; } = 2400;

        /// <summary>Query endpoint requests in flight at once (PostHog: 3).</summary>
        public int QueryConcurrency { get; set; } = 3;

        /// <summary>
        /// The configuration in force in this process: the defaults, overlaid with the
        /// current user's saved file, which is read once, at first use (not at import).
        /// </summary>
        public static PHConfiguration Current
        {
            get
            {
                lock (Gate)
                {
                    if (_current == null)
                    {
                        _current =
                            ConfigurationFile.Load(ConfigurationFile.Path, out string problem);
                        LoadProblem = problem;
                    }

                    return _current;
                }
            }
        }

        /// <summary>Why the saved file could not be used at load, or null.</summary>
        internal static string LoadProblem { get; private set; }

        /// <summary>
        /// A copy, so that changing it does not change the configuration in force.
        /// </summary>
        public PHConfiguration Clone() => (PHConfiguration)MemberwiseClone();

        /// <summary>Reads the saved file again (tests, and after the file path changes).</summary>
        internal static void Reload()
        {
            lock (Gate)
            {
                _current = null;
                LoadProblem = null;
            }
        }

        /// <summary>One line, for the console: the paging, retry and timeout defaults.</summary>
        public override string ToString() =>
            $"PageSize {PageSize}, MaximumRetryCount {MaximumRetryCount}, TimeoutSec {TimeoutSec}";
    }
}
