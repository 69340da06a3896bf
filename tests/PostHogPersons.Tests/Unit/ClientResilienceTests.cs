using System.Net;
using System.Net.Http;
using System.Text;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>The client's retry, timeout, redaction and per-call options, on a fake handler.</summary>
public class ClientResilienceTests
{
    private const string PersonPath = "api/projects/7/persons/abc/";

    private const string NotFound =
        "{\"type\":\"invalid_request\",\"code\":\"not_found\",\"detail\":\"Not found.\",\"attr\":null}";

    /// <summary>A 200 JSON answer whose body breaks off after <paramref name="bytes"/> bytes.</summary>
    private static HttpResponseMessage BrokenBody(string json, int bytes)
    {
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(json), bytes))
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") },
            },
        };
    }

    [Fact]
    public async Task A_connection_that_breaks_mid_body_is_retried_for_a_GET_and_reported_without_a_status()
    {
        var handler = new FakeHandler(_ => BrokenBody("{\"results\":[1,2,3,4,5,6]}", 8));
        var (_, client) = ClientFactory.Create(handler, retries: 2);
        var log = new RecordingLog();

        var error = await Assert.ThrowsAsync<PostHogServerException>(() =>
            client.SendAsync(new ApiRequest(HttpMethod.Get, PersonPath), log, CancellationToken.None));

        Assert.Equal(3, handler.Sent.Count);
        Assert.True(error.Failure.ConnectionBroken);
        Assert.Equal(0, error.StatusCode);
        Assert.Equal(
            "The connection broke while reading the answer: the connection was reset "
            + "[GET /api/projects/7/persons/abc/, 3 tries]",
            error.Message);
        Assert.Contains("VERBOSE: Retry 1 of 2: GET /api/projects/7/persons/abc/ (connection broken); waiting 0 s",
            log.Lines);
        Assert.Equal("ConnectionFailed", PostHogPersons.Client.ErrorRecords.From(error, null).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task A_split_whose_connection_breaks_is_not_sent_again()
    {
        var handler = new FakeHandler(_ => BrokenBody("{\"success\":true}", 4));
        var (_, client) = ClientFactory.Create(handler, retries: 3);

        await Assert.ThrowsAsync<PostHogServerException>(() => client.SendAsync(
            new ApiRequest(HttpMethod.Post, "api/projects/7/persons/abc/split/"), null, CancellationToken.None));

        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task A_DELETE_that_finds_nothing_after_a_lost_answer_has_done_its_work()
    {
        int calls = 0;
        var handler = new FakeHandler(_ => Interlocked.Increment(ref calls) == 1
            ? FakeHandler.Json("{}", HttpStatusCode.GatewayTimeout)
            : FakeHandler.Json(NotFound, HttpStatusCode.NotFound));
        var (_, client) = ClientFactory.Create(handler, retries: 2);
        var log = new RecordingLog();

        using ApiResponse response = await client.SendAsync(
            new ApiRequest(HttpMethod.Delete, PersonPath), log, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, handler.Sent.Count);
        Assert.Contains("VERBOSE: DELETE /api/projects/7/persons/abc/ -> 404 on try 2: an earlier try whose answer "
            + "was lost had already deleted it", log.Lines);
    }

    [Fact]
    public async Task A_DELETE_that_finds_nothing_at_its_first_try_is_PersonNotFound()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(NotFound, HttpStatusCode.NotFound));
        var (_, client) = ClientFactory.Create(handler, retries: 2);

        await Assert.ThrowsAsync<PostHogNotFoundException>(() =>
            client.SendAsync(new ApiRequest(HttpMethod.Delete, PersonPath), null, CancellationToken.None));
    }

    [Fact]
    public async Task An_html_404_from_a_proxy_is_an_invalid_response_not_a_missing_person()
    {
        var handler = new FakeHandler(_ => FakeHandler.Text(
            "<html><body><h1>404 Not Found</h1></body></html>", "text/html", HttpStatusCode.NotFound));
        var (_, client) = ClientFactory.Create(handler);

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() =>
            client.SendAsync(new ApiRequest(HttpMethod.Delete, PersonPath), null, CancellationToken.None));

        Assert.Equal("HTTP 404 with text/html: <html><body><h1>404 Not Found</h1></body></html> "
            + "(a proxy or a wrong API host?) [HTTP 404 DELETE /api/projects/7/persons/abc/]", error.Message);
    }

    [Fact]
    public async Task A_key_that_the_server_echoes_is_redacted_even_where_the_excerpt_is_cut()
    {
        // The key straddles the 200th character, where the excerpt is cut.
        string page = "<html>" + new string('.', 160) + "Authorization: Bearer " + ClientFactory.Key + "</html>";
        var handler = new FakeHandler(_ => FakeHandler.Text(page, "text/html", HttpStatusCode.BadGateway));
        var (_, client) = ClientFactory.Create(handler);

        var error = await Assert.ThrowsAsync<PostHogServerException>(() =>
            client.SendAsync(new ApiRequest(HttpMethod.Get, PersonPath), null, CancellationToken.None));

        Assert.DoesNotContain(ClientFactory.Key.Substring(0, 8), error.ToString());
        Assert.Contains("Authorization: Bearer [redac", error.Message);
    }

    [Fact]
    public async Task A_key_echoed_in_PostHog_shaped_json_is_redacted_from_the_detail()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(
            "{\"type\":\"validation_error\",\"code\":\"invalid_input\",\"detail\":\"Bad token "
            + ClientFactory.Key + "\",\"attr\":\"" + ClientFactory.Key + "\"}", HttpStatusCode.BadRequest));
        var (_, client) = ClientFactory.Create(handler);

        var error = await Assert.ThrowsAsync<PostHogValidationException>(() =>
            client.SendAsync(new ApiRequest(HttpMethod.Get, PersonPath), null, CancellationToken.None));

        Assert.Equal("Bad token [redacted] (field '[redacted]') [HTTP 400 GET /api/projects/7/persons/abc/]",
            error.Message);
        Assert.DoesNotContain(ClientFactory.Key, error.Failure.BodyExcerpt);
    }

    [Fact]
    public async Task A_redirect_names_where_it_pointed_and_is_sent_nowhere()
    {
        var handler = new FakeHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.MovedPermanently);
            response.Headers.Location = new Uri("https://login.example.test/sso?next=/api/");
            return response;
        });
        var (_, client) = ClientFactory.Create(handler, retries: 3);

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() =>
            client.SendAsync(new ApiRequest(HttpMethod.Get, PersonPath), null, CancellationToken.None));

        Assert.Single(handler.Sent);
        Assert.Equal("PostHog redirected the request (HTTP 301) to https://login.example.test/sso?next=/api/; "
            + "redirects are not followed so that the API key stays with the configured host "
            + "[HTTP 301 GET /api/projects/7/persons/abc/]", error.Message);
    }

    [Fact]
    public async Task The_calls_options_win_over_the_requests_and_the_connections()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{}", HttpStatusCode.ServiceUnavailable));
        var (_, client) = ClientFactory.Create(handler, retries: 5);
        var request = new ApiRequest(HttpMethod.Get, PersonPath) { MaximumRetryCount = 4 };

        await Task.Run(async () =>
        {
            RequestOptions.Current = new RequestOptions { MaximumRetryCount = 1, RetryIntervalSec = 0 };
            await Assert.ThrowsAsync<PostHogServerException>(
                () => client.SendAsync(request, null, CancellationToken.None));
        });
        Assert.Equal(2, handler.Sent.Count);

        handler.Sent.Clear();
        await Assert.ThrowsAsync<PostHogServerException>(
            () => client.SendAsync(request, null, CancellationToken.None));
        Assert.Equal(5, handler.Sent.Count);
    }

    [Fact]
    public async Task A_request_that_outlasts_its_timeout_is_RequestTimedOut_after_its_retries()
    {
        var handler = new FakeHandler(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return FakeHandler.Json("{}");
        });
        var (_, client) = ClientFactory.Create(handler, retries: 1);
        var request = new ApiRequest(HttpMethod.Get, PersonPath) { TimeoutSec = 1 };

        var error = await Assert.ThrowsAsync<PostHogTimeoutException>(() =>
            client.SendAsync(request, null, CancellationToken.None));

        Assert.Equal(2, handler.Sent.Count);
        Assert.Equal(
            "The request did not finish within 1 s [GET /api/projects/7/persons/abc/, 2 tries]",
            error.Message);
        Assert.Equal("RequestTimedOut", PostHogPersons.Client.ErrorRecords.From(error, null).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Cancelling_ends_a_send_a_retry_wait_and_a_pacing_wait_with_OperationCanceled()
    {
        var slow = new FakeHandler(async (_, token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return FakeHandler.Json("{}");
        });
        var throttled = new FakeHandler(_ =>
        {
            var response = FakeHandler.Json("{}", HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("Retry-After", "30");
            return response;
        });
        var (_, sending) = ClientFactory.Create(slow);
        var (_, waiting) = ClientFactory.Create(throttled, retries: 1);
        var (_, paced) = ClientFactory.Create(new FakeHandler(_ => FakeHandler.Json("{}")));
        var pacer = new RatePacer(() => new PacingLimits { PersonsReadPerMinute = 1 });
        paced.Pacer = pacer;
        (await pacer.AcquireAsync(RateBucket.PersonsRead, CancellationToken.None)).Dispose();

        foreach (PostHogClient client in new[] { sending, waiting, paced })
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                client.SendAsync(new ApiRequest(HttpMethod.Get, PersonPath), null, cancel.Token));
        }
    }

    [Fact]
    public async Task A_pacing_wait_is_a_Debug_line_and_a_long_one_a_Verbose_line()
    {
        var (_, client) = ClientFactory.Create(new FakeHandler(_ => FakeHandler.Json("{}")));
        client.Pacer = new RatePacer(() => new PacingLimits { PersonsReadPerMinute = 120 });
        var log = new RecordingLog();
        TimeSpan before = PostHogClient.LongPacingWait;
        try
        {
            PostHogClient.LongPacingWait = TimeSpan.FromMilliseconds(300);
            for (int i = 0; i < 3; i++)
            {
                var request = new ApiRequest(HttpMethod.Get, PersonPath);
                (await client.SendAsync(request, log, CancellationToken.None)).Dispose();
            }
        }
        finally
        {
            PostHogClient.LongPacingWait = before;
        }

        // 120/min: a burst of two, then one every 0.5 s.
        Assert.Contains(log.Lines, l => l.StartsWith(
            "VERBOSE: Waited 0.", StringComparison.Ordinal)
            && l.EndsWith(" s for the persons read rate limit before GET /api/projects/7/persons/abc/",
                StringComparison.Ordinal));
    }

    /// <summary>A stream that serves part of a body, then fails as a reset connection does.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        private readonly int _breakAt;

        public BreakingStream(byte[] body, int breakAt) : base(body) => _breakAt = breakAt;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= _breakAt)
            {
                throw new IOException("the connection was reset");
            }

            return base.Read(buffer, offset, (int)Math.Min(count, _breakAt - Position));
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
        {
            if (Position >= _breakAt)
            {
                throw new IOException("the connection was reset");
            }

            return base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _breakAt - Position)], token);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token)
        {
            return ReadAsync(buffer.AsMemory(offset, count), token).AsTask();
        }
    }
}
