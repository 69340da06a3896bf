using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>Paging with persons read straight from the response stream.</summary>
public class PageReaderStreamTests
{
    private const string FirstPath = "api/projects/7/persons/?limit=3";

    private static string Page(string next, params string[] ids)
    {
        string items = string.Join(",", ids.Select(id => "{\"uuid\":\"" + id + "\",\"properties\":{\"n\":1}}"));
        return "{\"results\":[" + items + "],\"next\":" + (next == null ? "null" : "\"" + next + "\"") + "}";
    }

    private static FakeHandler Pages(Dictionary<string, string> pages)
    {
        return new FakeHandler(request =>
            pages.TryGetValue(request.RequestUri.PathAndQuery, out string body)
                ? FakeHandler.Json(body)
                : FakeHandler.Json("{\"detail\":\"Not found.\"}", HttpStatusCode.NotFound));
    }

    private static async Task<List<string>> ReadAll(FakeHandler handler, int retries = 0, RecordingLog log = null)
    {
        var (connection, client) = ClientFactory.Create(handler, retries: retries);
        var read = new List<string>();
        await PageReader.ReadAsync(
            client,
            connection.ApiBase,
            new ApiRequest(HttpMethod.Get, FirstPath),
            new PersonStreamReader(7),
            page => { read.AddRange(page.Items.Select(p => p.Uuid)); return true; },
            log,
            CancellationToken.None,
            (PHPerson person) => person.Uuid);
        return read;
    }

    [Fact]
    public async Task Pages_are_followed_to_the_end_and_a_repeated_person_is_written_once()
    {
        var handler = Pages(new()
        {
            ["/api/projects/7/persons/?limit=3"] = Page("https://ph.example.test/api/projects/7/persons/?limit=3&offset=3", "a", "b", "c"),
            ["/api/projects/7/persons/?limit=3&offset=3"] = Page("/api/projects/7/persons/?limit=3&offset=6", "c", "d"),
            ["/api/projects/7/persons/?limit=3&offset=6"] = Page(null),
        });

        Assert.Equal(new[] { "a", "b", "c", "d" }, await ReadAll(handler));
        Assert.Equal(3, handler.Sent.Count);
    }

    [Fact]
    public async Task Each_page_is_one_verbose_line_with_its_item_count()
    {
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = Page(null, "a", "b") });
        var log = new RecordingLog();

        await ReadAll(handler, log: log);

        string line = Assert.Single(log.Lines, l => l.StartsWith("VERBOSE: ", StringComparison.Ordinal));
        Assert.Matches(@"^VERBOSE: GET /api/projects/7/persons/\?limit=3 -> 200, 2 items in \d+ ms$", line);
    }

    [Fact]
    public async Task A_page_without_results_is_the_same_invalid_response_as_before()
    {
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = "{\"detail\":\"odd\"}" });

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => ReadAll(handler));

        Assert.Equal("The answer has no 'results' list: {\"detail\":\"odd\"} [HTTP 200 GET /api/projects/7/persons/?limit=3]", error.Message);
    }

    [Fact]
    public async Task A_truncated_page_is_reported_with_its_size_and_start()
    {
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = "{\"results\":[{\"uuid\":\"a\"}," });

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => ReadAll(handler));

        Assert.StartsWith("The JSON answer is truncated or invalid (", error.Message);
        Assert.EndsWith("; 25 bytes starting: {\"results\":[{\"uuid\":\"a\"}, [HTTP 200 GET /api/projects/7/persons/?limit=3]", error.Message);
    }

    [Fact]
    public async Task Invalid_json_early_in_a_large_page_still_reports_the_whole_size()
    {
        string body = "{\"results\":[{\"uuid\":\"a\"},oops" + new string(' ', 200000) + "]}";
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = body });

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => ReadAll(handler));

        Assert.Contains($"; {body.Length} bytes starting: {{\"results\":[{{\"uuid\":\"a\"}},oops", error.Message);
    }

    [Fact]
    public async Task A_broken_item_in_a_complete_page_stops_the_list_after_the_batches_before_it()
    {
        var items = Enumerable.Range(0, 600).Select(i => "{\"uuid\":\"p" + i + "\"" + (i == 550 ? ",\"x\":tru" : "") + "}");
        string body = "{\"results\":[" + string.Join(",", items) + "],\"next\":null}";
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = body });
        var (connection, client) = ClientFactory.Create(handler);
        var read = new List<string>();

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => PageReader.ReadAsync(
            client,
            connection.ApiBase,
            new ApiRequest(HttpMethod.Get, FirstPath),
            new PersonStreamReader(7),
            page => { read.AddRange(page.Items.Select(p => p.Uuid)); return true; },
            null,
            CancellationToken.None));

        Assert.Equal(Enumerable.Range(0, PageReader.BatchSize).Select(i => "p" + i), read);
        Assert.StartsWith("The JSON answer is truncated or invalid (", error.Message);
        Assert.EndsWith($"; {body.Length} bytes starting: {body.Substring(0, 200)}… [HTTP 200 GET /api/projects/7/persons/?limit=3]", error.Message);
    }

    [Fact]
    public async Task An_empty_page_body_is_an_invalid_response()
    {
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = "" });

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => ReadAll(handler));

        Assert.Equal("Expected a JSON body but the answer was empty [HTTP 200 GET /api/projects/7/persons/?limit=3]", error.Message);
    }

    [Fact]
    public async Task A_login_page_is_still_refused_by_its_content_type()
    {
        var handler = new FakeHandler(_ => FakeHandler.Text("<html><title>Log in</title></html>", "text/html"));

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => ReadAll(handler));

        Assert.StartsWith("Expected JSON but got text/html: <html><title>Log in</title></html>", error.Message);
    }

    [Fact]
    public async Task A_connection_that_breaks_mid_page_hands_over_nobody_from_that_page()
    {
        string first = Page("/api/projects/7/persons/?limit=3&offset=3", "a", "b", "c");
        byte[] second = Encoding.UTF8.GetBytes(Page(null, "d", "e", "f"));
        var handler = new FakeHandler(request =>
        {
            if (!request.RequestUri.Query.Contains("offset"))
            {
                return FakeHandler.Json(first);
            }

            var content = new StreamContent(new BreakingStream(second, second.Length / 2));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });
        var (connection, client) = ClientFactory.Create(handler);
        var read = new List<string>();

        var error = await Assert.ThrowsAsync<PostHogServerException>(() => PageReader.ReadAsync(
            client,
            connection.ApiBase,
            new ApiRequest(HttpMethod.Get, FirstPath),
            new PersonStreamReader(7),
            page => { read.AddRange(page.Items.Select(p => p.Uuid)); return true; },
            null,
            CancellationToken.None));

        Assert.Equal(new[] { "a", "b", "c" }, read);
        Assert.Equal(
            "The connection broke while reading the answer: Connection reset by peer "
            + "[GET /api/projects/7/persons/?limit=3&offset=3]",
            error.Message);
    }

    /// <summary>Serves its bytes, then (when asked to) fails as a reset connection does.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        private readonly int _breakAt;

        public BreakingStream(byte[] data, int breakAt) : base(data) => _breakAt = breakAt;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_breakAt >= 0 && Position >= _breakAt)
            {
                throw new IOException("Connection reset by peer");
            }

            return base.Read(buffer, offset, Math.Min(count, _breakAt - (int)Position));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            byte[] copy = new byte[buffer.Length];
            int read = Read(copy, 0, copy.Length);
            copy.AsSpan(0, read).CopyTo(buffer.Span);
            return new ValueTask<int>(read);
        }
    }
}
