using System.Net.Http;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class PageReaderTests
{
    private const string FirstPath = "api/projects/7/persons/?limit=3";

    /// <summary>Serves pages keyed by the request's path and query.</summary>
    private static FakeHandler Pages(Dictionary<string, string> pages)
    {
        return new FakeHandler(request =>
            pages.TryGetValue(request.RequestUri.PathAndQuery, out string body)
                ? FakeHandler.Json(body)
                : FakeHandler.Json("{\"detail\":\"Not found.\"}", System.Net.HttpStatusCode.NotFound));
    }

    private static string Page(string next, params string[] ids)
    {
        string items = string.Join(",", ids.Select(id => "{\"uuid\":\"" + id + "\"}"));
        return "{\"results\":[" + items + "],\"next\":" + (next == null ? "null" : "\"" + next + "\"") + "}";
    }

    private static async Task<List<string>> ReadAll(FakeHandler handler, Func<string, string> identity = null)
    {
        var (connection, client) = ClientFactory.Create(handler);
        var read = new List<string>();
        await PageReader.ReadAsync(
            client,
            connection.ApiBase,
            new ApiRequest(HttpMethod.Get, FirstPath),
            json => json.GetProperty("uuid").GetString(),
            page => { read.AddRange(page.Items); return true; },
            null,
            CancellationToken.None,
            identity);
        return read;
    }

    [Fact]
    public async Task Short_pages_with_next_are_followed_to_the_end()
    {
        var handler = Pages(new()
        {
            ["/api/projects/7/persons/?limit=3"] = Page("https://ph.example.test/api/projects/7/persons/?limit=3&offset=3", "a", "b"),
            ["/api/projects/7/persons/?limit=3&offset=3"] = Page("https://ph.example.test/api/projects/7/persons/?limit=3&offset=6", "c", "d", "e"),
            ["/api/projects/7/persons/?limit=3&offset=6"] = Page(null),
        });

        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, await ReadAll(handler));
        Assert.Equal(3, handler.Sent.Count);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_fetched_from_the_configured_host()
    {
        var handler = Pages(new()
        {
            ["/api/projects/7/persons/?limit=3"] = Page("http://attacker.example.test/api/projects/7/persons/?limit=3&offset=3", "a"),
            ["/api/projects/7/persons/?limit=3&offset=3"] = Page(null, "b"),
        });

        Assert.Equal(new[] { "a", "b" }, await ReadAll(handler));
        Assert.All(handler.Sent, sent => Assert.StartsWith("https://ph.example.test/", sent.Url));
        Assert.All(handler.Sent, sent => Assert.Equal("Bearer " + ClientFactory.Key, sent.Authorization));
    }

    [Fact]
    public async Task A_next_link_that_does_not_advance_stops_with_a_paging_error()
    {
        var handler = Pages(new()
        {
            ["/api/projects/7/persons/?limit=3"] = Page("https://ph.example.test/api/projects/7/persons/?limit=3", "a"),
        });

        var error = await Assert.ThrowsAsync<PostHogPagingException>(() => ReadAll(handler));

        Assert.Contains("does not advance", error.Message);
        Assert.Single(handler.Sent);
    }

    [Fact]
    public async Task A_person_repeated_from_the_previous_page_is_written_once()
    {
        var handler = Pages(new()
        {
            ["/api/projects/7/persons/?limit=3"] = Page("/api/projects/7/persons/?limit=3&offset=3", "a", "b", "c"),
            ["/api/projects/7/persons/?limit=3&offset=3"] = Page(null, "c", "d"),
        });

        Assert.Equal(new[] { "a", "b", "c", "d" }, await ReadAll(handler, id => id));
    }

    [Fact]
    public async Task A_page_without_results_is_an_invalid_response()
    {
        var handler = Pages(new() { ["/api/projects/7/persons/?limit=3"] = "{\"detail\":\"odd\"}" });

        var error = await Assert.ThrowsAsync<PostHogResponseFormatException>(() => ReadAll(handler));

        Assert.Equal("The answer has no 'results' list: {\"detail\":\"odd\"} [HTTP 200 GET /api/projects/7/persons/?limit=3]", error.Message);
    }
}
