using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>One page of a paged PostHog list.</summary>
    public sealed class Page<T>
    {
        public List<T> Items { get; } = new List<T>();

        /// <summary>The raw next link, or null on the last page.</summary>
        public string Next { get; set; }

        /// <summary>The total count, when the server included one.</summary>
        public long? Count { get; set; }
    }

    /// <summary>
    /// Follows a list's <c>next</c> links until they end, fetching the next page while the
    /// current one is being written. Never stops on a short page; refuses links that do not
    /// advance; drops an item that repeats from the page before (offset paging shifts when
    /// persons are created during the run). A paged POST (the legacy insight helpers) sends
    /// its body again to every next link.
    /// </summary>
    // Limitation: offset paging cannot see a person deleted during the run from a page
    // already read, which shifts later persons up by one, so one of them can be missed.
    // Repeats are dropped, skips cannot be detected here; Get-PHPerson -UseQuery pages by
    // person id and has neither problem, so it is the way to export a changing project.
    public static partial class PageReader
    {
        /// <summary>
        /// Reads every page from <paramref name="first"/> on, handing each to
        /// <paramref name="onPage"/>, which returns false to stop early. The items are the
        /// page's <c>results</c>, or what <paramref name="selectItems"/> picks from the page.
        /// </summary>
        public static async Task ReadAsync<T>(
            PostHogClient client,
            Uri apiBase,
            ApiRequest first,
            Func<JsonElement, T> readItem,
            Func<Page<T>, bool> onPage,
            IRequestLog log,
            CancellationToken cancellationToken,
            Func<T, string> identity = null,
            Func<JsonElement, IEnumerable<JsonElement>> selectItems = null)
        {
            log = log ?? NullRequestLog.Instance;
            var visited = new HashSet<string>(StringComparer.Ordinal) { first.RelativeUri };
            HashSet<string> previousIds = null;
            HashSet<string> spareIds = null;
            using (var prefetch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                Task<Page<T>> pending = FetchAsync(client, first, readItem, selectItems, log, prefetch.Token);
                string current = first.RelativeUri;
                try
                {
                    while (pending != null)
                    {
                        Page<T> page = await pending.ConfigureAwait(false);
                        pending = null;
                        if (identity != null)
                        {
                            // Two sets take turns, so that a long list allocates none.
                            HashSet<string> ids = spareIds ?? new HashSet<string>(StringComparer.Ordinal);
                            ids.Clear();
                            LogDropped(log, DropRepeats(page, ids, previousIds, identity));
                            spareIds = previousIds;
                            previousIds = ids;
                        }

                        // Hand the page over first: the writing happens on the pipeline
                        // thread, so the next fetch still overlaps it, and a caller that
                        // has enough (-First) causes no extra request.
                        if (!onPage(page) || page.Next == null)
                        {
                            return;
                        }

                        // The link is the server's text and may end up in a message.
                        string next = Advance(client.Scrub(page.Next), apiBase, current, visited);
                        var request = new ApiRequest(first.Method, next)
                        {
                            Bucket = first.Bucket,
                            JsonBody = first.JsonBody,
                            IsRetrySafe = first.IsRetrySafe,
                            MaximumRetryCount = first.MaximumRetryCount,
                            RetryIntervalSec = first.RetryIntervalSec,
                            TimeoutSec = first.TimeoutSec,
                        };
                        pending = FetchAsync(client, request, readItem, selectItems, log, prefetch.Token);
                        current = next;
                    }
                }
                finally
                {
                    if (pending != null)
                    {
                        prefetch.Cancel();
                        await Observe(pending).ConfigureAwait(false);
                    }
                }
            }
        }

        private static string Advance(string link, Uri apiBase, string current, HashSet<string> visited)
        {
            var currentUri = new Uri(apiBase, current);
            string next = NextLink.Rebase(link, apiBase, currentUri);
            if (!string.Equals(PathOf(next), PathOf(current), StringComparison.Ordinal))
            {
                throw new PostHogPagingException(new RequestFailure
                {
                    Method = "GET",
                    Path = currentUri.PathAndQuery,
                    StatusCode = 200,
                    Detail = $"The list's next link '{NextLink.Shorten(link)}' points to another endpoint; "
                        + "paging stopped",
                });
            }

            if (!visited.Add(next))
            {
                throw new PostHogPagingException(new RequestFailure
                {
                    Method = "GET",
                    Path = currentUri.PathAndQuery,
                    StatusCode = 200,
                    Detail = $"The list's next link '{NextLink.Shorten(link)}' does not advance "
                        + "(it points to a page already read); paging stopped so that no "
                        + "person is read twice",
                });
            }

            return next;
        }

        /// <summary>The path of a relative URI, unescaped and without a trailing slash.</summary>
        private static string PathOf(string relativeUri)
        {
            int query = relativeUri.IndexOf('?');
            string path = query < 0 ? relativeUri : relativeUri.Substring(0, query);
            return Uri.UnescapeDataString(path).TrimEnd('/');
        }

        private static async Task<Page<T>> FetchAsync<T>(
            PostHogClient client,
            ApiRequest request,
            Func<JsonElement, T> readItem,
            Func<JsonElement, IEnumerable<JsonElement>> selectItems,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            using (ApiResponse response = await client.SendAsync(request, log, cancellationToken)
                .ConfigureAwait(false))
            {
                JsonElement root = response.Json.RootElement;
                var page = new Page<T>();
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("results", out JsonElement results)
                    || results.ValueKind != JsonValueKind.Array)
                {
                    throw NoResults(client, request, response, response.Body);
                }

                try
                {
                    IEnumerable<JsonElement> items = selectItems == null
                        ? results.EnumerateArray()
                        : selectItems(root);
                    foreach (JsonElement item in items)
                    {
                        page.Items.Add(readItem(item));
                    }

                    if (root.TryGetProperty("next", out JsonElement next) && next.ValueKind == JsonValueKind.String
                        && next.GetString().Length > 0)
                    {
                        page.Next = next.GetString();
                    }
                }
                catch (InvalidOperationException error)
                {
                    // A string that is not valid UTF-8 or UTF-16, or a value of another kind
                    // than the item's reader expects: the answer is not what a list sends.
                    throw client.Unreadable(request, response, error);
                }

                if (root.TryGetProperty("count", out JsonElement count) && count.ValueKind == JsonValueKind.Number
                    && count.TryGetInt64(out long total))
                {
                    page.Count = total;
                }

                return page;
            }
        }

        private static PostHogResponseFormatException NoResults(
            PostHogClient client,
            ApiRequest request,
            ApiResponse response,
            byte[] body)
        {
            return new PostHogResponseFormatException(new RequestFailure
            {
                Method = request.Method.Method,
                Path = new Uri(new Uri("http://x/"), request.RelativeUri).PathAndQuery,
                StatusCode = (int)response.StatusCode,
                ContentType = response.ContentType,
                Detail = "The answer has no 'results' list: " + client.Excerpt(body),
            });
        }

        /// <summary>
        /// Removes the items whose identity is already in <paramref name="ids"/> (this page)
        /// or in <paramref name="previousIds"/> (the page before), adds the others' to
        /// <paramref name="ids"/> and returns how many were removed.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        private static int DropRepeats<T>(
            Page<T> page,
            HashSet<string> ids,
            HashSet<string> previousIds,
            Func<T, string> identity)
        {
            List<T> items = page.Items;
            int kept = 0;
            for (int i = 0; i < items.Count; i++)
            {
                T item = items[i];
                string id = identity(item);
                if (id != null && (!ids.Add(id) || (previousIds != null && previousIds.Contains(id))))
                {
                    continue;
                }

                items[kept++] = item;
            }

            int dropped = items.Count - kept;
            items.RemoveRange(kept, dropped);
            return dropped;
        }

        private static void LogDropped(IRequestLog log, int dropped)
        {
            if (dropped > 0)
            {
                log.Debug($"Dropped {dropped} item(s) already read on the previous page");
            }
        }

        private static async Task Observe(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch
            {
                // The page was no longer wanted; its outcome does not matter.
            }
        }
    }
}
