using System.Management.Automation;
using PostHogPersons.Client;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// The base of the cmdlets that take the request options -MaximumRetryCount,
    /// -RetryIntervalSec and -TimeoutSec: on a PH cmdlet they apply to that command's
    /// requests; on Connect-PHProject they become the connection's.
    /// </summary>
    /// <remarks>
    /// Set-PHConfiguration declares the same three itself: its parameters stay in the
    /// order of the settings they change.
    /// </remarks>
    public abstract class PHRequestOptionsCmdlet : PSCmdlet
    {
        /// <summary>
        /// Retries after the first try of a request for 429, 502, 503, 504, broken
        /// connections and timeouts.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; }

        /// <summary>
        /// The first retry wait in seconds when PostHog sends no Retry-After; it doubles with
        /// each retry.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 3600)]
        public double RetryIntervalSec { get; set; }

        /// <summary>Seconds one request may take.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        /// <summary>
        /// The request options given on the command line (null fields for those not given),
        /// or null when none was.
        /// </summary>
        protected RequestOptions BoundRequestOptions()
        {
            var bound = MyInvocation.BoundParameters;
            bool retries = bound.ContainsKey(nameof(MaximumRetryCount));
            bool interval = bound.ContainsKey(nameof(RetryIntervalSec));
            bool timeout = bound.ContainsKey(nameof(TimeoutSec));
            if (!retries && !interval && !timeout)
            {
                return null;
            }

            return new RequestOptions
            {
                MaximumRetryCount = retries ? MaximumRetryCount : (int?)null,
                RetryIntervalSec = interval ? RetryIntervalSec : (double?)null,
                TimeoutSec = timeout ? TimeoutSec : (int?)null,
            };
        }
    }
}
