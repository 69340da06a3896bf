using System.Threading;

namespace PostHogPersons.Client
{
    /// <summary>
    /// A cmdlet's own -MaximumRetryCount, -RetryIntervalSec and -TimeoutSec. They apply to
    /// every request sent while the cmdlet runs, whoever builds the request, and win over
    /// the request's and the connection's settings. Null fields leave those in force.
    /// </summary>
    public sealed class RequestOptions
    {
        private static readonly AsyncLocal<RequestOptions> Ambient =
            new AsyncLocal<RequestOptions>();

        /// <summary>Retries after the first try, or null.</summary>
        public int? MaximumRetryCount { get; set; }

        /// <summary>
        /// The first backoff wait in seconds when PostHog sends no Retry-After, or null.
        /// </summary>
        public double? RetryIntervalSec { get; set; }

        /// <summary>Seconds one try may take, or null.</summary>
        public int? TimeoutSec { get; set; }

        /// <summary>
        /// The options of the cmdlet run this code belongs to (they flow with its awaits and
        /// tasks), or null outside a run.
        /// </summary>
        public static RequestOptions Current
        {
            get => Ambient.Value;
            set => Ambient.Value = value;
        }
    }
}
