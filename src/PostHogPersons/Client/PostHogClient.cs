using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
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
    public sealed class PostHogClient : IDisposable
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

        /// <summary>Decides how long to wait before retry number <c>attempt</c> (1-based).</summary>
        internal RetryPolicy Retry { get; set; } = new RetryPolicy();

        /// <summary>
        /// Waits until a request may go out under PostHog's rate limits: the process-wide
        /// pacer of this API host and key.
        /// </summary>
        internal IRequestPacer Pacer { get; set; }

        /// <summary>Waits at least this long are logged at Verbose; shorter ones at Debug.</summary>
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
                    IDisposable slot = await PaceAsync(request, bucket, path, log, cancellationToken)
                        .ConfigureAwait(false);
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
                    log.Verbose($"{request.Method.Method} {path} -> 404 on try {attempt}: an earlier "
                        + "try whose answer was lost had already deleted it");
                    return new ApiResponse
                    {
                        StatusCode = HttpStatusCode.NotFound,
                        ContentType = gone.Failure.ContentType,
                        ElapsedMs = clock.ElapsedMilliseconds,
                    };
                }
                catch (PostHogApiException error) when (CanRetry(request, error, attempt, maxRetries))
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
            ApiRequest request, RateBucket bucket, string path, IRequestLog log, CancellationToken token)
        {
            var waited = Stopwatch.StartNew();
            IDisposable slot = await Pacer.AcquireAsync(bucket, token).ConfigureAwait(false);
            TimeSpan wait = waited.Elapsed;
            if (wait >= LongPacingWait)
            {
                log.Verbose($"Waited {wait.TotalSeconds:0.0} s for the {Describe(bucket)} rate limit "
                    + $"before {request.Method.Method} {path}");
            }
            else if (wait.TotalMilliseconds >= 10)
            {
                log.Debug($"Paced {request.Method.Method} {path}: waited {wait.TotalMilliseconds:0} ms "
                    + $"for the {Describe(bucket)} rate limit");
            }

            return slot;
        }

        private async Task<ApiResponse> SendOnceAsync(
            ApiRequest request,
            Uri uri,
            int timeoutSec,
            RequestFailure failure,
            IRequestLog log,
            Stopwatch clock,
            CancellationToken cancellationToken)
        {
            var started = Stopwatch.StartNew();
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (HttpRequestMessage message = BuildMessage(request, uri))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSec));
                HttpResponseMessage response;
                byte[] body;
                Streamed streamed = null;
                try
                {
                    response = await _http.SendAsync(
                        message, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                        .ConfigureAwait(false);
                    using (response)
                    {
                        failure.StatusCode = (int)response.StatusCode;
                        failure.ContentType = response.Content.Headers.ContentType?.MediaType;
                        failure.RetryAfterSeconds = RetryPolicy.ReadRetryAfter(response);
                        failure.Location = response.Headers.Location;
                        if (request.ReadJsonStream != null && failure.StatusCode < 300 && IsJson(failure.ContentType))
                        {
                            streamed = await StreamBodyAsync(request, response, failure, timeout.Token)
                                .ConfigureAwait(false);
                            body = Array.Empty<byte>();
                        }
                        else
                        {
                            body = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception error) when (timeout.IsCancellationRequested && IsAbort(error))
                {
                    // Ctrl+C (the caller's token) stops at once; otherwise the timeout fired.
                    cancellationToken.ThrowIfCancellationRequested();
                    failure.StatusCode = 0;
                    failure.Detail = $"The request did not finish within {timeoutSec} s";
                    throw new PostHogTimeoutException(failure, error);
                }
                catch (HttpRequestException error)
                {
                    failure.ConnectionBroken = true;
                    failure.StatusCode = 0;
                    failure.Detail = "The connection failed: " + Scrub(Innermost(error).Message);
                    throw new PostHogServerException(failure, error);
                }
                catch (IOException error)
                {
                    failure.ConnectionBroken = true;
                    failure.StatusCode = 0;
                    failure.Detail = "The connection broke while reading the answer: "
                        + Scrub(Innermost(error).Message);
                    throw new PostHogServerException(failure, error);
                }

                var answer = new ApiResponse
                {
                    StatusCode = (HttpStatusCode)failure.StatusCode,
                    ContentType = failure.ContentType,
                    Body = body,
                    ElapsedMs = clock.ElapsedMilliseconds,
                };
                try
                {
                    if (streamed == null)
                    {
                        Check(request, answer, failure, _authorization.Parameter);
                    }
                    else if (streamed.Bytes == 0 && request.ExpectJson)
                    {
                        failure.Detail = "Expected a JSON body but the answer was empty";
                        throw new PostHogResponseFormatException(failure);
                    }
                }
                catch (PostHogApiException)
                {
                    log.Verbose(RequestLine(request, failure.Path, failure.StatusCode, null, started));
                    throw;
                }

                int? items = streamed == null ? CountItems(answer) : streamed.Items;
                long bytes = streamed == null ? body.Length : streamed.Bytes;
                log.Verbose(RequestLine(request, failure.Path, failure.StatusCode, items, started));
                log.Debug(
                    $"{request.Method.Method} {failure.Path}: {bytes} bytes of "
                    + $"{answer.ContentType ?? "no content type"}");
                return answer;
            }
        }

        private HttpRequestMessage BuildMessage(ApiRequest request, Uri uri)
        {
            var message = new HttpRequestMessage(request.Method, uri);
            bool sameOrigin = Uri.Compare(
                uri, _connection.ApiBase, UriComponents.SchemeAndServer,
                UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
            if (!request.IsCapture && sameOrigin)
            {
                message.Headers.Authorization = _authorization;
            }

            if (request.JsonBody != null)
            {
                message.Content = new ByteArrayContent(request.JsonBody);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            return message;
        }

        private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken token)
        {
            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (token.Register(() => stream.Dispose()))
            {
                long? length = response.Content.Headers.ContentLength;
                var buffer = new MemoryStream(length > 0 && length < int.MaxValue ? (int)length.Value : 4096);
                try
                {
                    await stream.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                }
                catch (ObjectDisposedException) when (token.IsCancellationRequested)
                {
                    throw new OperationCanceledException(token);
                }

                token.ThrowIfCancellationRequested();
                return buffer.ToArray();
            }
        }

        /// <summary>
        /// Hands the body to the request's stream reader as it arrives. Invalid JSON becomes
        /// the same error as from <see cref="Check"/>; an empty body is left to the caller.
        /// </summary>
        private async Task<Streamed> StreamBodyAsync(
            ApiRequest request,
            HttpResponseMessage response,
            RequestFailure failure,
            CancellationToken token)
        {
            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (token.Register(() => stream.Dispose()))
            {
                var body = new JsonBodyStream(stream, response.Content.Headers.ContentLength);
                try
                {
                    int? items = await request.ReadJsonStream(body, token).ConfigureAwait(false);
                    return new Streamed { Items = items, Bytes = body.BytesRead };
                }
                catch (ObjectDisposedException) when (token.IsCancellationRequested)
                {
                    throw new OperationCanceledException(token);
                }
                catch (JsonException error)
                {
                    if (body.BytesRead == 0)
                    {
                        // The reader only fails on an empty body once it has seen its end.
                        return new Streamed();
                    }

                    await body.DrainAsync(token).ConfigureAwait(false);
                    failure.BodyExcerpt = Excerpt(body.Head);
                    failure.Detail = $"The JSON answer is truncated or invalid ({error.Message}); "
                        + $"{body.BytesRead} bytes starting: {failure.BodyExcerpt}";
                    throw new PostHogResponseFormatException(failure, error);
                }
            }
        }

        /// <summary>What a stream reader made of a body.</summary>
        private sealed class Streamed
        {
            public int? Items { get; set; }

            public long Bytes { get; set; }
        }

        /// <summary>Turns an error status or a malformed success into a typed exception.</summary>
        private static void Check(ApiRequest request, ApiResponse answer, RequestFailure failure, string secret)
        {
            int status = failure.StatusCode;
            if (status >= 300)
            {
                failure.ReadBody(answer.Body, secret);
                throw ErrorForStatus(status, failure, secret);
            }

            bool hasBody = answer.Body.Length > 0;
            if (!request.ExpectJson && !hasBody)
            {
                return;
            }

            if (!IsJson(answer.ContentType))
            {
                if (!request.ExpectJson && string.IsNullOrEmpty(answer.ContentType))
                {
                    return;
                }

                failure.BodyExcerpt = RequestFailure.Excerpt(answer.Body, secret);
                failure.Detail = $"Expected JSON but got {answer.ContentType ?? "no content type"}"
                    + (hasBody ? ": " + failure.BodyExcerpt : " and an empty body")
                    + " (a proxy, a login page or a wrong API host?)";
                throw new PostHogResponseFormatException(failure);
            }

            if (!hasBody)
            {
                failure.Detail = "Expected a JSON body but the answer was empty";
                throw new PostHogResponseFormatException(failure);
            }

            try
            {
                answer.Json = JsonDocument.Parse(answer.Body);
            }
            catch (JsonException error)
            {
                failure.BodyExcerpt = RequestFailure.Excerpt(answer.Body, secret);
                failure.Detail = $"The JSON answer is truncated or invalid ({error.Message}); "
                    + $"{answer.Body.Length} bytes starting: {failure.BodyExcerpt}";
                throw new PostHogResponseFormatException(failure, error);
            }
        }

        private static PostHogApiException ErrorForStatus(int status, RequestFailure failure, string secret)
        {
            if (status < 400)
            {
                string target = failure.Location == null
                    ? string.Empty
                    : " to " + NextLink.Shorten(
                        RequestFailure.Scrub(failure.Location.OriginalString, secret));
                failure.Detail = $"PostHog redirected the request (HTTP {status}){target}; redirects are "
                    + "not followed so that the API key stays with the configured host";
                return new PostHogResponseFormatException(failure);
            }

            bool json = IsJson(failure.ContentType);
            if (failure.Detail == null && !json && failure.BodyExcerpt.Length > 0)
            {
                failure.Detail = $"HTTP {status} with {failure.ContentType ?? "no content type"}: "
                    + failure.BodyExcerpt;
            }

            if (!json && (status == 400 || status == 404))
            {
                // Not PostHog's answer (its errors are JSON) but a proxy's or another
                // server's: reporting PersonNotFound or InvalidRequest would mislead.
                failure.Detail = (failure.Detail ?? $"HTTP {status} with no body")
                    + " (a proxy or a wrong API host?)";
                return new PostHogResponseFormatException(failure);
            }

            switch (status)
            {
                case 400:
                    return new PostHogValidationException(failure);
                case 401:
                    return new PostHogAuthenticationException(failure);
                case 403:
                    return new PostHogPermissionException(failure);
                case 404:
                    return new PostHogNotFoundException(failure);
                case 429:
                    return new PostHogRateLimitException(failure);
                default:
                    return status >= 500
                        ? new PostHogServerException(failure)
                        : new PostHogApiException(failure);
            }
        }

        private static bool CanRetry(ApiRequest request, PostHogApiException error, int attempt, int maxRetries)
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

        private static bool IsJson(string mediaType)
        {
            return mediaType != null
                && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                    || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        }

        private static int? CountItems(ApiResponse answer)
        {
            if (answer.Json != null
                && answer.Json.RootElement.ValueKind == JsonValueKind.Object
                && answer.Json.RootElement.TryGetProperty("results", out JsonElement results)
                && results.ValueKind == JsonValueKind.Array)
            {
                return ActorPages.IsEnvelope(answer.Json.RootElement)
                    ? ActorPages.People(answer.Json.RootElement).Count()
                    : results.GetArrayLength();
            }

            return null;
        }

        private static string RequestLine(ApiRequest request, string path, int status, int? items, Stopwatch started)
        {
            string count = items.HasValue ? $", {items} items" : string.Empty;
            return $"{request.Method.Method} {path} -> {status}{count} in {started.ElapsedMilliseconds} ms";
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

        private static bool IsAbort(Exception error)
        {
            return error is OperationCanceledException || error is ObjectDisposedException
                || error is IOException || error is HttpRequestException;
        }

        /// <summary>
        /// <paramref name="text"/> with the API key replaced wherever it appears: for text
        /// that came from the network and ends up in a message.
        /// </summary>
        internal string Scrub(string text) => RequestFailure.Scrub(text, _authorization.Parameter);

        /// <summary>The start of <paramref name="body"/> for a message, without the API key.</summary>
        internal string Excerpt(byte[] body) => RequestFailure.Excerpt(body, _authorization.Parameter);

        private static Exception Innermost(Exception error)
        {
            while (error.InnerException != null)
            {
                error = error.InnerException;
            }

            return error;
        }

        public void Dispose() => _http.Dispose();
    }
}
