using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace PostHogPersons.Client
{
    /// <summary>
    /// How long to wait before a retry: PostHog's Retry-After when it sent one (seconds or
    /// an HTTP date), else exponential backoff from the retry interval with jitter.
    /// </summary>
    public class RetryPolicy
    {
        private static readonly Random Jitter = new Random();

        /// <summary>The longest single wait, whatever the server asks for.</summary>
        public TimeSpan MaximumDelay { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>The wait before retry number <paramref name="attempt"/> (1-based).</summary>
        public virtual TimeSpan Delay(int attempt, double? retryAfterSeconds, double intervalSec)
        {
            double seconds;
            if (retryAfterSeconds.HasValue)
            {
                seconds = Math.Max(0, retryAfterSeconds.Value);
            }
            else
            {
                double backoff = intervalSec * Math.Pow(2, Math.Max(0, attempt - 1));
                double fraction;
                lock (Jitter)
                {
                    fraction = Jitter.NextDouble();
                }

                // Full jitter on the upper half keeps parallel clients from retrying in step.
                seconds = backoff / 2 + fraction * backoff / 2;
            }

            TimeSpan wait = TimeSpan.FromSeconds(seconds);
            return wait > MaximumDelay ? MaximumDelay : wait;
        }

        /// <summary>Reads Retry-After as seconds, accepting both delta seconds and dates.</summary>
        public static double? ReadRetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta != null)
            {
                return header.Delta.Value.TotalSeconds;
            }

            if (header?.Date != null)
            {
                return Math.Max(0, (header.Date.Value - DateTimeOffset.UtcNow).TotalSeconds);
            }

            if (response.Headers.TryGetValues("Retry-After", out var values))
            {
                string text = values.FirstOrDefault();
                if (double.TryParse(
                    text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                {
                    return seconds;
                }
            }

            return null;
        }
    }
}
