using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// The one HTTP client of a connection. It builds every URL from the configured base,
    /// attaches the key only to that base, retries what is safe to retry, maps error
    /// statuses to typed exceptions and checks that successful answers are JSON.
    /// </summary>
    /// <remarks>
    /// This file holds the retry loop and the pacing; one exchange is in
    /// PostHogClient.Transport.cs and the mapping of answers to exceptions in
    /// PostHogClient.Errors.cs.
    /// </remarks>
    public sealed partial class PostHogClient : IDisposable
    {
        private static readonly string UserAgent = "PostHogPersons/"
            + typeof(PostHogClient).Assembly.GetName().Version.ToString(3) + " (PowerShell)";

        private readonly PostHogConnection _connection;
        private readonly HttpClient _http;
        private readonly AuthenticationHeaderValue _authorization;

        internal PostHogClient(PostHogConnection connection, HttpMessageHandler handler = null)
        {
            _connection = connection;
            handler = handler ?? NetworkOptions.CreateHandler(connection.Network);
            _http = new HttpClient(handler, disposeHandler: true)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
            string key = connection.RevealApiKey();
            _authorization = new AuthenticationHeaderValue("Bearer", key);
            Pacer = RatePacer.For(connection.ApiBase, RatePacer.Fingerprint(key));
        }

        /// <summary>
        /// Decides how long to wait before retry number <c>attempt</c> (1-based).
        /// </summary>
        internal RetryPolicy Retry { get; set; } = new RetryPolicy();

        /// <summary>
        /// Waits until a request may go out under PostHog's rate limits: the process-wide
        /// pacer of this API host and key.
        /// </summary>
        internal IRequestPacer Pacer { get; set; }

        /// <summary>
        /// Waits at least this long are logged at Verbose; shorter ones at Debug.
        /// </summary>
        internal static TimeSpan LongPacingWait { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Sends <paramref name="request"/>, retrying where allowed, and returns the
        /// successful answer. Throws a <see cref="PostHogApiException"/> subclass otherwise.
        /// </summary>
        public async Task<ApiResponse> SendAsync(
            ApiRequest request,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            log = log ?? NullRequestLog.Instance;
            Uri baseUri = request.IsCapture ? _connection.IngestBase : _connection.ApiBase;
            var uri = new Uri(baseUri, request.RelativeUri);
            string path = uri.PathAndQuery;
            RequestOptions call = RequestOptions.Current;
            int maxRetries = call?.MaximumRetryCount
                ?? request.MaximumRetryCount ?? _connection.MaximumRetryCount;
            double intervalSec = call?.RetryIntervalSec
                ?? request.RetryIntervalSec ?? _connection.RetryIntervalSec;
            int timeoutSec = call?.TimeoutSec ?? request.TimeoutSec ?? _connection.TimeoutSec;
            RateBucket bucket = request.IsCapture ? RateBucket.Capture : request.Bucket;
            var clock = Stopwatch.StartNew();
            bool outcomeUnknown = false;
            for (int attempt = 1; ; attempt++)
            {
                var failure = new RequestFailure
                {
                    Method = request.Method.Method,
                    Path = path,
                    Attempts = attempt,
                };
                PostHogApiException problem;
                try
                {
                    IDisposable slot = await PaceAsync(
                        request, bucket, path, log, cancellationToken).ConfigureAwait(false);
                    using (slot)
                    {
                        return await SendOnceAsync(
                            request, uri, timeoutSec, failure, log, clock, cancellationToken)
                            .ConfigureAwait(false);
                    }
                }
                catch (PostHogNotFoundException gone)
                    when (outcomeUnknown && request.Method == HttpMethod.Delete)
                {
                    // An earlier try may have deleted it before its answer was lost: the person
                    // is gone either way, which is what the caller asked for.
                    log.Verbose(
                        $"{request.Method.Method} {path} -> 404 on try {attempt}: an earlier "
                        + "try whose answer was lost had already deleted it");
                    return new ApiResponse
                    {
                        StatusCode = HttpStatusCode.NotFound,
                        ContentType = gone.Failure.ContentType,
                        ElapsedMs = clock.ElapsedMilliseconds,
                    };
                }
                catch (PostHogApiException error)
                    when (CanRetry(request, error, attempt, maxRetries))
                {
                    problem = error;
                }

                // A reset, a timeout or a gateway error may come after PostHog acted.
                outcomeUnknown |= !(problem is PostHogRateLimitException);
                TimeSpan wait = Retry.Delay(attempt, failure.RetryAfterSeconds, intervalSec);
                if (problem is PostHogRateLimitException)
                {
                    Pacer.Hold(bucket, wait);
                }

                log.Verbose(
                    $"Retry {attempt} of {maxRetries}: {request.Method.Method} {path} "
                    + $"({Describe(problem)}); waiting {wait.TotalSeconds:0.##} s");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Waits for the pacer and logs a wait that was long enough to notice.</summary>
        private async Task<IDisposable> PaceAsync(
            ApiRequest request,
            RateBucket bucket,
            string path,
            IRequestLog log,
            CancellationToken token)
        {
            var waited = Stopwatch.StartNew();
            IDisposable slot = await Pacer.AcquireAsync(bucket, token).ConfigureAwait(false);
            TimeSpan wait = waited.Elapsed;
            if (wait >= LongPacingWait)
            {
                log.Verbose(
                    $"Waited {wait.TotalSeconds:0.0} s for the {Describe(bucket)} rate limit "
                    + $"before {request.Method.Method} {path}");
            }
            else if (wait.TotalMilliseconds >= 10)
            {
                log.Debug(
                    $"Paced {request.Method.Method} {path}: waited {wait.TotalMilliseconds:0} ms "
                    + $"for the {Describe(bucket)} rate limit");
            }

            return slot;
        }

        private static bool CanRetry(
            ApiRequest request, PostHogApiException error, int attempt, int maxRetries)
        {
            if (attempt > maxRetries)
            {
                return false;
            }

            switch (error)
            {
                case PostHogRateLimitException _:
                    return true;
                case PostHogTimeoutException _:
                    return request.IsRetrySafe;
                case PostHogServerException server:
                    int status = server.StatusCode;
                    return request.IsRetrySafe
                        && (server.Failure.ConnectionBroken
                            || status == 502 || status == 503 || status == 504);
                default:
                    return false;
            }
        }

        private static string Describe(PostHogApiException error)
        {
            if (error.Failure.ConnectionBroken)
            {
                return "connection broken";
            }

            return error is PostHogTimeoutException ? "timed out" : "HTTP " + error.StatusCode;
        }

        private static string Describe(RateBucket bucket)
        {
            switch (bucket)
            {
                case RateBucket.PersonsDelete:
                    return "persons delete";
                case RateBucket.Query:
                    return "query";
                default:
                    return "persons read";
            }
        }

        /// <summary>
        /// <paramref name="text"/> with the API key replaced wherever it appears: for text
        /// that came from the network and ends up in a message.
        /// </summary>
        internal string Scrub(string text) => RequestFailure.Scrub(text, _authorization.Parameter);

        /// <summary>
        /// The start of <paramref name="body"/> for a message, without the API key.
        /// </summary>
        internal string Excerpt(byte[] body) =>
            RequestFailure.Excerpt(body, _authorization.Parameter);

        public void Dispose() => _http.Dispose();
    }
}
