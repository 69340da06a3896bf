using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using PostHogPersons.Client.Errors;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Runs HogQL through PostHog's query endpoint: POST query/ with
    /// {"query": {"kind": "HogQLQuery", "query": ..., "values": {...}}, "refresh": "blocking"}.
    /// Placeholder values travel in <c>values</c>, never in the SQL. An answer of 202 (an async
    /// query) is polled at GET query/{id}/ until it is complete or the caller's time runs out;
    /// then the query is cancelled (DELETE query/{id}/) and
    /// <see cref="PostHogQueryTimeoutException"/> is thrown, so a slow query never looks like
    /// an empty result. Each query holds a place in <see cref="QueryGate"/> while it runs.
    /// </summary>
    public static class QueryClient
    {
        /// <summary>
        /// How long to wait for an async query when the caller does not say (PostHog's longest
        /// query time).
        /// </summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(600);

        private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(2);

        /// <summary>The query endpoint relative to the API base.</summary>
        public static string QueryPath(PostHogConnection connection) =>
            connection.ProjectPath + "query/";

        /// <summary>
        /// Runs <paramref name="hogql"/> with its placeholder <paramref name="values"/> and returns
        /// PostHog's answer; dispose it after reading the rows.
        /// </summary>
        public static async Task<QueryResult> RunAsync(
            PostHogConnection connection,
            string hogql,
            IReadOnlyDictionary<string, object> values,
            TimeSpan timeout,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            log = log ?? NullRequestLog.Instance;
            using (await QueryGate.EnterAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                var clock = Stopwatch.StartNew();
                var request = new ApiRequest(HttpMethod.Post, QueryPath(connection))
                {
                    JsonBody = Body(hogql, values),
                    Bucket = RateBucket.Query,
                    // A query reads and changes nothing, so a lost answer may be asked again.
                    IsRetrySafe = true,
                };
                ApiResponse response = await connection.Client
                    .SendAsync(request, log, cancellationToken)
                    .ConfigureAwait(false);
                string id;
                try
                {
                    JsonElement root = response.Json.RootElement;
                    if (!IsPending(response, root, PathOf(connection, request.RelativeUri), out id))
                    {
                        return Complete(root, response, PathOf(connection, request.RelativeUri));
                    }
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                response.Dispose();
                log.Verbose(
                    $"PostHog runs the query asynchronously (id {id}); polling for the result");
                return await PollAsync(connection, id, timeout, clock, log, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        private static async Task<QueryResult> PollAsync(
            PostHogConnection connection,
            string id,
            TimeSpan timeout,
            Stopwatch clock,
            IRequestLog log,
            CancellationToken cancellationToken)
        {
            string relative = QueryPath(connection) + Uri.EscapeDataString(id) + "/";
            TimeSpan wait = FirstPoll;
            while (true)
            {
                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    await CancelAsync(connection, relative, log).ConfigureAwait(false);
                    throw new PostHogQueryTimeoutException(new RequestFailure
                    {
                        Method = "GET",
                        Path = PathOf(connection, relative),
                        StatusCode = (int)HttpStatusCode.Accepted,
                        Detail = $"The query did not complete within {Seconds(timeout)} s "
                            + $"(PostHog query id {id}); it was cancelled. Allow more time with "
                            + "-TimeoutSec, or make the query cheaper",
                    })
                    {
                        QueryId = id,
                    };
                }

                await Task.Delay(wait < left ? wait : left, cancellationToken)
                    .ConfigureAwait(false);
                wait = TimeSpan.FromTicks(Math.Min(LongestPoll.Ticks, (long)(wait.Ticks * 1.5)));
                var poll = new ApiRequest(HttpMethod.Get, relative) { Bucket = RateBucket.Query };
                ApiResponse response = await connection.Client
                    .SendAsync(poll, log, cancellationToken)
                    .ConfigureAwait(false);
                try
                {
                    JsonElement root = response.Json.RootElement;
                    JsonElement status = Status(root);
                    if (status.ValueKind != JsonValueKind.Object
                        && root.ValueKind == JsonValueKind.Object
                        && root.TryGetProperty("results", out _))
                    {
                        // An answer that is already the query response.
                        return Complete(root, response, PathOf(connection, relative));
                    }

                    if (status.ValueKind == JsonValueKind.Object && status.IsTrue("complete"))
                    {
                        if (status.IsTrue("error"))
                        {
                            throw new PostHogValidationException(new RequestFailure
                            {
                                Method = "GET",
                                Path = PathOf(connection, relative),
                                StatusCode = (int)response.StatusCode,
                                Detail = status.GetString("error_message") ?? "The query failed",
                            });
                        }

                        if (!status.TryGetProperty("results", out JsonElement results))
                        {
                            throw Malformed(
                                connection,
                                relative,
                                response,
                                "a complete query_status without results");
                        }

                        return Complete(results, response, PathOf(connection, relative));
                    }
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                response.Dispose();
            }
        }

        private static QueryResult Complete(JsonElement root, ApiResponse response, string path)
        {
            JsonElement status = Status(root);
            if (!root.TryGetProperty("results", out _) && status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("results", out JsonElement nested))
            {
                root = nested;
            }

            try
            {
                return new QueryResult(root, response, path);
            }
            catch (FormatException error)
            {
                throw new PostHogResponseFormatException(new RequestFailure
                {
                    Method = "POST",
                    Path = path,
                    StatusCode = (int)response.StatusCode,
                    ContentType = response.ContentType,
                    Detail = error.Message + ": " + RequestFailure.Excerpt(response.Body),
                });
            }
        }

        private static bool IsPending(
            ApiResponse response, JsonElement root, string path, out string id)
        {
            id = null;
            JsonElement status = Status(root);
            bool incomplete = status.ValueKind == JsonValueKind.Object
                && status.TryGetProperty("complete", out JsonElement complete)
                && complete.ValueKind == JsonValueKind.False;
            if (response.StatusCode != HttpStatusCode.Accepted && !incomplete)
            {
                return false;
            }

            id = status.ValueKind == JsonValueKind.Object ? status.GetString("id") : null;
            if (string.IsNullOrEmpty(id))
            {
                throw new PostHogResponseFormatException(new RequestFailure
                {
                    Method = "POST",
                    Path = path,
                    StatusCode = (int)response.StatusCode,
                    Detail = "PostHog accepted the query for later but sent no query_status.id "
                        + "to poll: " + RequestFailure.Excerpt(response.Body),
                });
            }

            return true;
        }

        private static async Task CancelAsync(
            PostHogConnection connection, string relative, IRequestLog log)
        {
            var cancel = new ApiRequest(HttpMethod.Delete, relative)
            {
                Bucket = RateBucket.Query,
                ExpectJson = false,
                MaximumRetryCount = 0,
                TimeoutSec = 10,
            };
            try
            {
                using (await connection.Client
                    .SendAsync(cancel, log, CancellationToken.None)
                    .ConfigureAwait(false))
                {
                }
            }
            catch (PostHogApiException error)
            {
                log.Verbose("The query could not be cancelled: " + error.Message);
            }
        }

        private static byte[] Body(string hogql, IReadOnlyDictionary<string, object> values)
        {
            using (var stream = new MemoryStream())
            {
                using (var writer = new Utf8JsonWriter(stream, JsonValues.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteStartObject("query");
                    writer.WriteString("kind", "HogQLQuery");
                    writer.WriteString("query", hogql);
                    if (values != null && values.Count > 0)
                    {
                        writer.WriteStartObject("values");
                        foreach (KeyValuePair<string, object> pair in values)
                        {
                            writer.WritePropertyName(pair.Key);
                            JsonValues.Write(writer, pair.Value);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                    writer.WriteString("refresh", "blocking");
                    writer.WriteEndObject();
                }

                return stream.ToArray();
            }
        }

        private static JsonElement Status(JsonElement root)
        {
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("query_status", out JsonElement status)
                ? status
                : default;
        }

        private static PostHogResponseFormatException Malformed(
            PostHogConnection connection, string relative, ApiResponse response, string what)
        {
            return new PostHogResponseFormatException(new RequestFailure
            {
                Method = "GET",
                Path = PathOf(connection, relative),
                StatusCode = (int)response.StatusCode,
                Detail = $"PostHog sent {what}: " + RequestFailure.Excerpt(response.Body),
            });
        }

        private static string PathOf(PostHogConnection connection, string relative) =>
            new Uri(connection.ApiBase, relative).PathAndQuery;

        private static string Seconds(TimeSpan span) =>
            span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
