using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PostHogPersons.Client
{
    /// <summary>Which of PostHog's rate-limit buckets a request counts against.</summary>
    public enum RateBucket
    {
        /// <summary>Persons reads and non-delete writes (240/minute).</summary>
        PersonsRead,

        /// <summary>
        /// Person deletes: destroy, bulk_delete, delete_events, delete_recordings.
        /// </summary>
        PersonsDelete,

        /// <summary>The query endpoint.</summary>
        Query,

        /// <summary>Capture (ingestion), which PostHog does not rate limit.</summary>
        Capture,
    }

    /// <summary>One request to PostHog, relative to the connection's API base.</summary>
    public sealed class ApiRequest
    {
        /// <summary>
        /// Creates a request for <paramref name="relativeUri"/> (no leading slash). Whether it
        /// is safe to retry and which rate bucket it counts against follow from the method
        /// and path (see <see cref="EndpointRules"/>); both can still be set.
        /// </summary>
        public ApiRequest(HttpMethod method, string relativeUri)
        {
            Method = method;
            RelativeUri = relativeUri;
            IsRetrySafe = EndpointRules.IsRetrySafe(method, relativeUri);
            Bucket = EndpointRules.BucketOf(method, relativeUri);
        }

        public HttpMethod Method { get; }

        /// <summary>
        /// Path and query relative to the API base, e.g. api/projects/1/persons/.
        /// </summary>
        public string RelativeUri { get; }

        /// <summary>The JSON body, or null for none.</summary>
        public byte[] JsonBody { get; set; }

        /// <summary>
        /// Whether sending the request twice does no harm, so that timeouts, resets and
        /// 502/503/504 may be retried. 429 is retried for every request (it was not run).
        /// </summary>
        public bool IsRetrySafe { get; set; }

        /// <summary>Whether a successful answer must carry a JSON body.</summary>
        public bool ExpectJson { get; set; } = true;

        /// <summary>The rate-limit bucket the request counts against.</summary>
        public RateBucket Bucket { get; set; }

        /// <summary>Whether the request goes to the ingestion host with no API key.</summary>
        public bool IsCapture { get; set; }

        /// <summary>Per-call override of the connection's retry count, when set.</summary>
        public int? MaximumRetryCount { get; set; }

        /// <summary>Per-call override of the connection's first retry wait, when set.</summary>
        public double? RetryIntervalSec { get; set; }

        /// <summary>Per-call override of the connection's timeout in seconds, when set.</summary>
        public int? TimeoutSec { get; set; }

        /// <summary>
        /// When set, a successful JSON answer is handed to this function as a stream, once per
        /// attempt, instead of being parsed into <see cref="ApiResponse.Json"/> (which stays
        /// null). It returns the number of items it read, for the log line, and may throw
        /// <see cref="System.Text.Json.JsonException"/> for JSON that is truncated or invalid.
        /// </summary>
        public Func<Stream, CancellationToken, Task<int?>> ReadJsonStream { get; set; }
    }
}
