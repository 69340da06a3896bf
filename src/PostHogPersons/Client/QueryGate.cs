using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Models;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Keeps at most <see cref="PHConfiguration.QueryConcurrency"/> (PostHog: 3) queries of one
    /// project in flight in this process, across runspaces and cmdlets, so that parallel
    /// scripts wait for a place instead of collecting 429s. A query holds its place from
    /// submission until its result has arrived (async polling included).
    /// </summary>
    public static class QueryGate
    {
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates =
            new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Waits for a place for a query of <paramref name="connection"/>'s project; dispose
        /// the result to give it back.
        /// </summary>
        // Limitation: the size is read when a host and project is first queried in this
        // process; a later Set-PHConfiguration -QueryConcurrency applies to other projects only.
        public static async Task<IDisposable> EnterAsync(
            PostHogConnection connection,
            CancellationToken cancellationToken)
        {
            string key =
                connection.ApiBase.GetLeftPart(UriPartial.Path) + "|" + connection.ProjectId;
            SemaphoreSlim gate = Gates.GetOrAdd(key, _ =>
            {
                int size = Math.Max(1, PHConfiguration.Current.QueryConcurrency);
                return new SemaphoreSlim(size, size);
            });
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Place(gate);
        }

        private sealed class Place : IDisposable
        {
            private SemaphoreSlim _gate;

            public Place(SemaphoreSlim gate)
            {
                _gate = gate;
            }

            public void Dispose()
            {
                Interlocked.Exchange(ref _gate, null)?.Release();
            }
        }
    }
}
