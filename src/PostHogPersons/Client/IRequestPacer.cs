using System;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Holds requests back so that they stay under PostHog's rate limits. The returned
    /// handle is disposed when the request is done (for concurrency limits).
    /// </summary>
    public interface IRequestPacer
    {
        /// <summary>
        /// Waits until a request of <paramref name="bucket"/> may go out; cancelling
        /// <paramref name="cancellationToken"/> ends the wait at once.
        /// </summary>
        Task<IDisposable> AcquireAsync(RateBucket bucket, CancellationToken cancellationToken);

        /// <summary>
        /// PostHog refused a request of <paramref name="bucket"/> and asked to wait
        /// <paramref name="wait"/>: hold back every request of that bucket until then.
        /// </summary>
        void Hold(RateBucket bucket, TimeSpan wait);
    }

    /// <summary>A pacer that never waits.</summary>
    public sealed class NoPacing : IRequestPacer, IDisposable
    {
        /// <summary>The one instance.</summary>
        public static readonly NoPacing Instance = new NoPacing();

        private static readonly Task<IDisposable> Done = Task.FromResult<IDisposable>(Instance);

        /// <inheritdoc/>
        public Task<IDisposable> AcquireAsync(
            RateBucket bucket, CancellationToken cancellationToken) => Done;

        /// <inheritdoc/>
        public void Hold(RateBucket bucket, TimeSpan wait) { }

        /// <summary>Nothing to release.</summary>
        public void Dispose() { }
    }
}
