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
            _authorization = new AuthenticationHeaderValue("Bearer", connection.RevealApiKey());
        }

        /// <summary>Decides how long to wait before retry number <c>attempt</c> (1-based).</summary>
        internal RetryPolicy Retry { get; set; } = new RetryPolicy();

        /// <summary>Waits until a request may go out under PostHog's rate limits.</summary>
        internal IRequestPacer Pacer { get; set; } = NoPacing.Instance;

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
            int maxRetries = request.MaximumRetryCount ?? _connection.MaximumRetryCount;
            int timeoutSec = request.TimeoutSec ?? _connection.TimeoutSec;
            var clock = Stopwatch.StartNew();
            for (int attempt = 1; ; attempt++)
            {
                var failure = new RequestFailure
                {
                    Method = request.Method.Method,
                    Path = path,
                    Attempts = attempt,
                };
                Exception problem;
                try
                {
                    using (await Pacer.AcquireAsync(request.Bucket, cancellationToken).ConfigureAwait(false))
                    {
                        return await SendOnceAsync(
                            request, uri, timeoutSec, failure, log, clock, cancellationToken)
                            .ConfigureAwait(false);
                    }
                }
                catch (PostHogApiException error) when (CanRetry(request, error, attempt, maxRetries))
                {
                    problem = error;
                }

                TimeSpan wait = Retry.Delay(attempt, failure.RetryAfterSeconds, _connection.RetryIntervalSec);
                log.Verbose(
                    $"Retry {attempt} of {maxRetries}: {request.Method.Method} {path} "
                    + $"({Describe(problem)}); waiting {wait.TotalSeconds:0.##} s");
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
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
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure.Detail = $"The request did not finish within {timeoutSec} s";
                    throw new PostHogTimeoutException(failure);
                }
                catch (HttpRequestException error)
                {
                    failure.Detail = "The connection failed: " + Innermost(error).Message;
                    throw new PostHogServerException(failure, error);
                }
                catch (IOException error)
                {
                    failure.Detail = "The connection broke while reading the answer: "
                        + Innermost(error).Message;
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
                        Check(request, answer, failure);
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
        private static async Task<Streamed> StreamBodyAsync(
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
                    failure.BodyExcerpt = RequestFailure.Excerpt(body.Head);
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
        private static void Check(ApiRequest request, ApiResponse answer, RequestFailure failure)
        {
            int status = failure.StatusCode;
            if (status >= 300)
            {
                failure.ReadBody(answer.Body);
                throw ErrorForStatus(status, failure);
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

                failure.BodyExcerpt = RequestFailure.Excerpt(answer.Body);
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
                failure.BodyExcerpt = RequestFailure.Excerpt(answer.Body);
                failure.Detail = $"The JSON answer is truncated or invalid ({error.Message}); "
                    + $"{answer.Body.Length} bytes starting: {failure.BodyExcerpt}";
                throw new PostHogResponseFormatException(failure, error);
            }
        }

        private static PostHogApiException ErrorForStatus(int status, RequestFailure failure)
        {
            if (status < 400)
            {
                failure.Detail = failure.Detail
                    ?? $"PostHog redirected the request (HTTP {status}); redirects are not "
                    + "followed so that the API key stays with the configured host";
                return new PostHogResponseFormatException(failure);
            }

            if (failure.Detail == null && !IsJson(failure.ContentType) && failure.BodyExcerpt.Length > 0)
            {
                failure.Detail = $"HTTP {status} with {failure.ContentType ?? "no content type"}: "
                    + failure.BodyExcerpt;
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
                        && (status == 0 || status == 502 || status == 503 || status == 504);
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

        private static string Describe(Exception error)
        {
            return error is PostHogApiException api && api.StatusCode > 0
                ? "HTTP " + api.StatusCode
                : error.Message;
        }

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
