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
        Task<IDisposable> AcquireAsync(RateBucket bucket, CancellationToken cancellationToken);
    }

    /// <summary>A pacer that never waits.</summary>
    public sealed class NoPacing : IRequestPacer, IDisposable
    {
        public static readonly NoPacing Instance = new NoPacing();

        private static readonly Task<IDisposable> Done = Task.FromResult<IDisposable>(Instance);

        public Task<IDisposable> AcquireAsync(RateBucket bucket, CancellationToken cancellationToken) => Done;

        public void Dispose() { }
    }
}
