using System;
using System.Collections.Generic;
using System.Threading;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Hands pages of objects from the reading task to the pipeline thread with at most one
    /// page waiting to be written: the next page is fetched while the current one is written,
    /// and a slow pipeline (Export-Csv to a slow disk, a Where-Object that calls out) holds
    /// the reading back instead of letting pages pile up in memory.
    /// </summary>
    internal sealed class PageHandover<T>
    {
        private readonly SemaphoreSlim _free = new SemaphoreSlim(1, 1);
        private readonly Action<Action> _post;
        private readonly Action<List<T>> _write;

        /// <summary>
        /// Creates a handover that queues its work with <paramref name="post"/> (the cmdlet's
        /// Post) and writes each page with <paramref name="write"/> on the pipeline thread.
        /// </summary>
        public PageHandover(Action<Action> post, Action<List<T>> write)
        {
            _post = post;
            _write = write;
        }

        /// <summary>
        /// Waits until the page before is written, then queues <paramref name="items"/>.
        /// </summary>
        public void Hand(List<T> items, CancellationToken cancellationToken)
        {
            _free.Wait(cancellationToken);
            _post(() =>
            {
                try
                {
                    _write(items);
                }
                finally
                {
                    _free.Release();
                }
            });
        }
    }
}
