using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// One exchange with PostHog: the message, the body read or streamed, the log line.
    /// </summary>
    public sealed partial class PostHogClient
    {
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
                        if (request.ReadJsonStream != null
                            && failure.StatusCode < 300
                            && IsJson(failure.ContentType))
                        {
                            streamed = await StreamBodyAsync(
                                request, response, failure, timeout.Token).ConfigureAwait(false);
                            body = Array.Empty<byte>();
                        }
                        else
                        {
                            body = await ReadBodyAsync(response, timeout.Token)
                                .ConfigureAwait(false);
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
                    log.Verbose(
                        RequestLine(request, failure.Path, failure.StatusCode, null, started));
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

        private static async Task<byte[]> ReadBodyAsync(
            HttpResponseMessage response, CancellationToken token)
        {
            using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (token.Register(() => stream.Dispose()))
            {
                long? length = response.Content.Headers.ContentLength;
                var buffer = new MemoryStream(
                    length > 0 && length < int.MaxValue ? (int)length.Value : 4096);
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

        private static string RequestLine(
            ApiRequest request, string path, int status, int? items, Stopwatch started)
        {
            string count = items.HasValue ? $", {items} items" : string.Empty;
            return $"{request.Method.Method} {path} -> {status}{count} "
                + $"in {started.ElapsedMilliseconds} ms";
        }
    }
}
