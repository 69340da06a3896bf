using System;
using System.Net.Http;

namespace PostHogPersons.Client
{
    /// <summary>
    /// What PostHog's endpoints are like, decided once from the method and path: which
    /// rate-limit bucket a request counts against and whether sending it twice does harm.
    /// </summary>
    internal static class EndpointRules
    {
        // POST actions whose repetition changes nothing more than the first send did:
        // setting or removing a property, deleting persons that are gone already (a retry
        // finds nothing), queueing event deletion (PostHog ignores duplicates), and reads.
        private static readonly string[] RepeatablePosts =
        {
            "update_property", "delete_property", "bulk_delete", "delete_events",
            "batch_by_distinct_ids", "batch_by_uuids", "query",
        };

        // Actions PostHog counts against its persons delete throttles (480/min, 4800/h).
        private static readonly string[] DeleteActions =
        {
            "bulk_delete", "delete_events", "delete_recordings",
        };

        /// <summary>
        /// Whether the request may be sent again after a timeout, a reset or a 502/503/504:
        /// GET, HEAD, PUT, PATCH and DELETE, and the repeatable POST actions. Split, capture
        /// and anything unknown are not.
        /// </summary>
        public static bool IsRetrySafe(HttpMethod method, string relativeUri)
        {
            if (method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
                || method == HttpMethod.Delete || method.Method == "PATCH")
            {
                return true;
            }

            return method == HttpMethod.Post
                && Array.IndexOf(RepeatablePosts, LastSegment(relativeUri)) >= 0;
        }

        /// <summary>
        /// The PostHog throttle bucket of a request to <paramref name="relativeUri"/>.
        /// </summary>
        public static RateBucket BucketOf(HttpMethod method, string relativeUri)
        {
            string last = LastSegment(relativeUri);
            if (last == "query" || IsQueryResult(relativeUri))
            {
                return RateBucket.Query;
            }

            bool persons = Path(relativeUri).IndexOf("/persons/", StringComparison.Ordinal) >= 0;
            if (persons && (method == HttpMethod.Delete
                || (method == HttpMethod.Post && Array.IndexOf(DeleteActions, last) >= 0)))
            {
                return RateBucket.PersonsDelete;
            }

            return RateBucket.PersonsRead;
        }

        private static bool IsQueryResult(string relativeUri)
        {
            // GET api/projects/1/query/<id>/ polls an asynchronous query.
            string path = Path(relativeUri);
            return path.IndexOf("/query/", StringComparison.Ordinal) >= 0;
        }

        private static string Path(string relativeUri)
        {
            int query = relativeUri.IndexOf('?');
            return "/" + (query < 0 ? relativeUri : relativeUri.Substring(0, query));
        }

        private static string LastSegment(string relativeUri)
        {
            string path = Path(relativeUri).TrimEnd('/');
            return path.Substring(path.LastIndexOf('/') + 1);
        }
    }
}
