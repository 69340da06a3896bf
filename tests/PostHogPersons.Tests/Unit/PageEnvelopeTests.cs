using System.Net.Http;
using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>
/// What a list page holds besides its items, and strings in it that cannot be read: an odd
/// count is no count, and unreadable text is an invalid answer (InvalidResponse), never an
/// unmapped .NET exception.
/// </summary>
public class PageEnvelopeTests
{
    [Theory]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    [InlineData("-1e3")]
    public async Task A_count_that_is_no_whole_number_is_no_count_on_the_list_hot_path(string count)
    {
        using JsonPage page = await JsonPage.ReadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("{\"results\":[{\"uuid\":\"a\"}],\"count\":" + count + "}")),
            CancellationToken.None);

        Assert.Null(page.Count);
        Assert.Equal(1, page.ItemCount);
    }

    [Fact]
    public async Task A_next_link_that_is_not_valid_UTF16_is_a_json_error_on_the_list_hot_path()
    {
        JsonException error = await Assert.ThrowsAsync<JsonException>(() => JsonPage.ReadAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("{\"results\":[],\"next\":\"/api/\\ud800\"}")),
            CancellationToken.None));

        Assert.Equal("A string of the page is not valid UTF-8 or UTF-16.", error.Message);
    }

    [Fact]
    public async Task A_count_that_is_no_whole_number_is_no_count_on_the_document_path()
    {
        var handler = new FakeHandler(_ => FakeHandler.Json("{\"results\":[{\"uuid\":\"a\"}],\"count\":1.5}"));
        var (connection, client) = ClientFactory.Create(handler);
        var counts = new List<long?>();

        await PageReader.ReadAsync(
            client,
            connection.ApiBase,
            new ApiRequest(HttpMethod.Get, "api/projects/7/persons/"),
            json => PersonReader.Read(json, 7),
            page => { counts.Add(page.Count); return true; },
            null,
            CancellationToken.None);

        Assert.Equal(new long?[] { null }, counts);
    }

    [Theory]
    [InlineData("{\"results\":[{\"people\":[{\"uuid\":\"a\",\"name\":\"\\ud800\"}]}]}")]
    [InlineData("{\"results\":[{\"people\":[{\"uuid\":\"a\",\"properties\":{\"k\":[\"\\udc00\"]}}]}]}")]
    [InlineData("{\"results\":[{\"people\":[]}],\"next\":\"/api/\\ud800\"}")]
    public async Task Unreadable_text_in_an_insight_page_is_an_invalid_response(string body)
    {
        var handler = new FakeHandler(_ => FakeHandler.Json(body));
        var (connection, client) = ClientFactory.Create(handler);
        var persons = new List<PHPerson>();

        // As ActorPages.ReadAsync reads the persons behind an insight.
        PostHogResponseFormatException error = await Assert.ThrowsAsync<PostHogResponseFormatException>(
            () => PageReader.ReadAsync(
                client,
                connection.ApiBase,
                new ApiRequest(HttpMethod.Get, "api/projects/7/persons/trends/"),
                json => PersonReader.Read(json, 7),
                page => { persons.AddRange(page.Items); return true; },
                null,
                CancellationToken.None,
                selectItems: ActorPages.People));

        Assert.Empty(persons);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal("InvalidResponse", ErrorRecords.From(error, null).FullyQualifiedErrorId);
        Assert.StartsWith("The JSON answer cannot be read (", error.Failure.Detail);
    }
}
