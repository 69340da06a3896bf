using System.Net;
using System.Net.Http;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class PostHogClientTests
{
    private static async Task<Exception> FailingGet(FakeHandler handler, int retries = 0)
    {
        var (_, client) = ClientFactory.Create(handler, retries: retries);
        var request = new ApiRequest(HttpMethod.Get, "api/projects/7/persons/abc/");
        return await Record.ExceptionAsync(() => client.SendAsync(request, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_request_carries_the_key_only_to_the_configured_base_and_keeps_its_path()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{\"results\":[]}"));
        var (_, client) = ClientFactory.Create(handler, "https://ph.example.test/posthog");
        using var response = await client.SendAsync(
            new ApiRequest(HttpMethod.Get, "api/projects/7/persons/?limit=5"), null, CancellationToken.None);

        var sent = Assert.Single(handler.Sent);
        Assert.Equal("GET", sent.Method);
        Assert.Equal("https://ph.example.test/posthog/api/projects/7/persons/?limit=5", sent.Url);
        Assert.Equal("Bearer " + ClientFactory.Key, sent.Authorization);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, typeof(PostHogNotFoundException), "Not found.")]
    [InlineData(HttpStatusCode.Unauthorized, typeof(PostHogAuthenticationException), "Not found.")]
    [InlineData(HttpStatusCode.Forbidden, typeof(PostHogPermissionException), "Not found.")]
    [InlineData(HttpStatusCode.BadRequest, typeof(PostHogValidationException), "Not found.")]
    [InlineData(HttpStatusCode.TooManyRequests, typeof(PostHogRateLimitException), "Not found.")]
    [InlineData(HttpStatusCode.InternalServerError, typeof(PostHogServerException), "Not found.")]
    public async Task Each_error_status_maps_to_its_exception_with_detail_status_and_path(
        HttpStatusCode status, Type expected, string detail)
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(
            "{\"type\":\"invalid_request\",\"code\":\"not_found\",\"detail\":\"" + detail + "\",\"attr\":null}", status));

        Exception error = await FailingGet(handler);

        Assert.IsType(expected, error);
        Assert.Equal($"{detail} [HTTP {(int)status} GET /api/projects/7/persons/abc/]", error.Message);
    }

    [Fact]
    public async Task A_login_page_with_200_is_an_invalid_response_not_data()
    {
        var handler = new FakeHandler(_ => FakeHandler.Text("<html><title>Log in</title></html>", "text/html"));

        var error = Assert.IsType<PostHogResponseFormatException>(await FailingGet(handler));

        Assert.Equal(
            "Expected JSON but got text/html: <html><title>Log in</title></html> (a proxy, a login page or "
            + "a wrong API host?) [HTTP 200 GET /api/projects/7/persons/abc/]",
            error.Message);
    }

    [Fact]
    public async Task Truncated_json_is_reported_with_its_size_and_start()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{\"results\":[{\"id\":"));

        var error = Assert.IsType<PostHogResponseFormatException>(await FailingGet(handler));

        Assert.StartsWith("The JSON answer is truncated or invalid (", error.Message);
        Assert.EndsWith("; 18 bytes starting: {\"results\":[{\"id\": [HTTP 200 GET /api/projects/7/persons/abc/]", error.Message);
    }

    [Fact]
    public async Task An_empty_body_where_json_is_due_is_an_invalid_response()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(""));
        var error = Assert.IsType<PostHogResponseFormatException>(await FailingGet(handler));
        Assert.Equal("Expected a JSON body but the answer was empty [HTTP 200 GET /api/projects/7/persons/abc/]", error.Message);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_key_cannot_leave()
    {
        var handler = new FakeHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri("https://attacker.example.test/steal");
            return response;
        });

        var error = Assert.IsType<PostHogResponseFormatException>(await FailingGet(handler));

        Assert.Single(handler.Sent);
        Assert.StartsWith("PostHog redirected the request (HTTP 302)", error.Message);
    }

    [Fact]
    public async Task A_429_is_retried_after_retry_after_and_each_retry_is_one_verbose_line()
    {
        int calls = 0;
        var handler = new FakeHandler(_ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                var throttled = FakeHandler.Json("{\"type\":\"throttled_error\",\"code\":\"throttled\","
                    + "\"detail\":\"Request was throttled.\",\"attr\":null}", HttpStatusCode.TooManyRequests);
                throttled.Headers.TryAddWithoutValidation("Retry-After", "0");
                return throttled;
            }

            return FakeHandler.Json("{\"ok\":true}");
        });
        var (_, client) = ClientFactory.Create(handler, retries: 2);
        var log = new RecordingLog();

        using var response = await client.SendAsync(
            new ApiRequest(HttpMethod.Get, "api/projects/7/persons/1/"), log, CancellationToken.None);

        Assert.Equal(2, handler.Sent.Count);
        Assert.Contains("VERBOSE: Retry 1 of 2: GET /api/projects/7/persons/1/ (HTTP 429); waiting 0 s", log.Lines);
        Assert.DoesNotContain(log.Lines, line => line.Contains(ClientFactory.Key));
    }

    [Fact]
    public async Task A_503_is_not_retried_for_a_request_that_is_not_safe_to_repeat()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{}", HttpStatusCode.ServiceUnavailable));
        var (_, client) = ClientFactory.Create(handler, retries: 3);
        var split = new ApiRequest(HttpMethod.Post, "api/projects/7/persons/1/split/") { IsRetrySafe = false };

        var error = await Record.ExceptionAsync(() => client.SendAsync(split, null, CancellationToken.None));

        Assert.IsType<PostHogServerException>(error);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task A_503_that_persists_fails_after_the_retries_and_says_how_many_tries()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{}", HttpStatusCode.ServiceUnavailable));

        var error = await FailingGet(handler, retries: 2);

        Assert.IsType<PostHogServerException>(error);
        Assert.Equal(3, handler.Sent.Count);
        Assert.Equal("PostHog answered HTTP 503 [HTTP 503 GET /api/projects/7/persons/abc/, 3 tries]", error.Message);
    }
}
