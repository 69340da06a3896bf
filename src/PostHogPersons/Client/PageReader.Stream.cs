using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// The fast path for large lists: items built from the response bytes in batches.
    /// </summary>
    public static partial class PageReader
    {
        /// <summary>Items built and handed over at a time.</summary>
        internal const int BatchSize = 500;

        /// <summary>
        /// Reads every page from <paramref name="first"/> on like the other overload, but each
        /// page is read from the response stream as bytes (checked to be valid JSON before
        /// any of its items is handed over), and its items are built by
        /// <paramref name="readItem"/> in batches of up to 500, each handed to
        /// <paramref name="onBatch"/> (at least one call per page, so that an empty page's
        /// count is seen), which returns false to stop early. The next page is fetched while
        /// the current one is built and written, unless <paramref name="wanted"/> (how many
        /// more items the caller can take) says this page is enough.
        /// </summary>
        public static async Task ReadAsync<T>(
            PostHogClient client,
            Uri apiBase,
            ApiRequest first,
            IJsonItemReader<T> readItem,
            Func<Page<T>, bool> onBatch,
            IRequestLog log,
            CancellationToken cancellationToken,
            Func<T, string> identity = null,
            Func<long> wanted = null)
        {
            log = log ?? NullRequestLog.Instance;
            var visited = new HashSet<string>(StringComparer.Ordinal) { first.RelativeUri };
            HashSet<string> previousIds = null;
            HashSet<string> spareIds = null;
            using (var prefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task<JsonPage> pending = FetchPageAsync(client, first, log, prefetch.Token);
                string current = first.RelativeUri;
                JsonPage page = null;
                try
                {
                    while (pending != null)
                    {
                        page = await pending.ConfigureAwait(false);
                        pending = null;
                        string next = null;
                        Exception stop = null;
                        if (page.Next != null)
                        {
                            try
                            {
                                // The link is the server's text and may end up in a message.
                                next = Advance(client.Scrub(page.Next), apiBase, current, visited);
                            }
                            catch (PostHogPagingException error)
                            {
                                // Reported once this page is written, as the other overload does.
                                stop = error;
                            }
                        }

                        if (next != null && (wanted == null || wanted() > page.ItemCount))
                        {
                            pending = FetchPageAsync(client, NextRequest(first, next), log, prefetch.Token);
                        }

                        HashSet<string> ids = null;
                        if (identity != null)
                        {
                            ids = spareIds ?? new HashSet<string>(StringComparer.Ordinal);
                            ids.Clear();
                        }

                        bool more = HandOver(
                            client, page, readItem, onBatch, ids, previousIds, identity, log);
                        page.Dispose();
                        page = null;
                        if (identity != null)
                        {
                            spareIds = previousIds;
                            previousIds = ids;
                        }

                        if (!more || (next == null && stop == null))
                        {
                            return;
                        }

                        if (stop != null)
                        {
                            throw stop;
                        }

                        // This page was expected to be enough, but the caller wants more.
                        pending = pending
                            ?? FetchPageAsync(client, NextRequest(first, next), log, prefetch.Token);
                        current = next;
                    }
                }
                finally
                {
                    page?.Dispose();
                    if (pending != null)
                    {
                        prefetch.Cancel();
                        await Discard(pending).ConfigureAwait(false);
                    }
                }
            }
        }

        private static bool HandOver<T>(
            PostHogClient client,
            JsonPage page,
            IJsonItemReader<T> readItem,
            Func<Page<T>, bool> onBatch,
            HashSet<string> ids,
            HashSet<string> previousIds,
            Func<T, string> identity,
            IRequestLog log)
        {
            int dropped = 0;
            int at = 0;
            try
            {
                do
                {
                    int count = Math.Min(BatchSize, page.ItemCount - at);
                    var batch = new Page<T> { Next = page.Next, Count = page.Count };
                    try
                    {
                        page.ReadItems(readItem, at, count, batch.Items);
                    }
                    catch (JsonException error)
                    {
                        // Limitation: an item that is not valid JSON inside a body that is
                        // complete is found only when it is built, after the items before it.
                        RequestFailure failure = page.Source ?? new RequestFailure();
                        failure.BodyExcerpt = client.Excerpt(page.Head(800));
                        failure.Detail = $"The JSON answer is truncated or invalid ({error.Message}); "
                            + $"{page.Length} bytes starting: {failure.BodyExcerpt}";
                        throw new PostHogResponseFormatException(failure, error);
                    }

                    at += count;
                    if (ids != null)
                    {
                        dropped += DropRepeats(batch, ids, previousIds, identity);
                    }

                    if (!onBatch(batch))
                    {
                        return false;
                    }
                }
                while (at < page.ItemCount);
                return true;
            }
            finally
            {
                LogDropped(log, dropped);
            }
        }

        private static ApiRequest NextRequest(ApiRequest first, string next) =>
            new ApiRequest(first.Method, next)
            {
                Bucket = first.Bucket,
                JsonBody = first.JsonBody,
                IsRetrySafe = first.IsRetrySafe,
                MaximumRetryCount = first.MaximumRetryCount,
                RetryIntervalSec = first.RetryIntervalSec,
                TimeoutSec = first.TimeoutSec,
            };

        private static async Task<JsonPage> FetchPageAsync(
            PostHogClient client,
            ApiRequest request,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            JsonPage page = null;
            request.ReadJsonStream = async (stream, token) =>
            {
                // Runs once per attempt: a retried request starts a new page.
                page?.Dispose();
                page = null;
                page = await JsonPage.ReadAsync(stream, token).ConfigureAwait(false);
                return page.HasResults ? page.ItemCount : (int?)null;
            };
            try
            {
                using (ApiResponse response = await client.SendAsync(request, log, cancellationToken)
                    .ConfigureAwait(false))
                {
                    if (page == null || !page.HasResults)
                    {
                        throw NoResults(client, request, response, page?.Head(800));
                    }

                    JsonPage read = page;
                    page = null;
                    read.Source = new RequestFailure
                    {
                        Method = request.Method.Method,
                        Path = new Uri(new Uri("http://x/"), request.RelativeUri).PathAndQuery,
                        StatusCode = (int)response.StatusCode,
                        ContentType = response.ContentType,
                    };
                    return read;
                }
            }
            finally
            {
                page?.Dispose();
            }
        }

        private static async Task Discard(Task<JsonPage> pending)
        {
            try
            {
                JsonPage page = await pending.ConfigureAwait(false);
                page.Dispose();
            }
            catch
            {
                // The page was no longer wanted; its outcome does not matter.
            }
        }
    }
}
