using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>
/// A list page read as bytes: the items found by following strings and brackets must be the
/// items a JSON document has, whatever the layout, and every error must still be found.
/// </summary>
public class JsonPageTests
{
    private static async Task<(JsonPage Page, List<string> Uuids)> Read(string body)
    {
        JsonPage page = await JsonPage.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        var persons = new List<PHPerson>();
        page.ReadItems(new PersonStreamReader(1), 0, page.ItemCount, persons);
        return (page, persons.Select(p => p.Uuid).ToList());
    }

    /// <summary>The uuids a JSON document finds in the same body.</summary>
    private static List<string> Expected(string body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("results").EnumerateArray()
            .Select(item => PersonReader.Read(item, 1).Uuid).ToList();
    }

    [Theory]
    [InlineData("{\"results\":[{\"uuid\":\"a\"},{\"uuid\":\"b\"}],\"next\":null}")]
    [InlineData("{\n  \"results\" : [\n    { \"uuid\" : \"a\" } ,\n\t{\"uuid\":\"b\"}\r\n  ] ,\n  \"next\" : null\n}\n")]
    [InlineData("{\"results\":[{\"uuid\":\"a\",\"x\":\"}]\\\"{[\\\\\"},{\"uuid\":\"b\",\"y\":[[],{\"z\":\"]\"}]}]}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}],\"other\":{\"results\":[{\"uuid\":\"x\"}]},\"results\":[{\"uuid\":\"b\"}]}")]
    [InlineData("{\"resu\\u006cts\":[{\"uuid\":\"a\"}]}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}],\"resu\\u006cts\":[{\"uuid\":\"b\"},{\"uuid\":\"c\"}]}")]
    [InlineData("{\"resu\\u006cts\":[{\"uuid\":\"a\"}],\"results\":[{\"uuid\":\"b\"}]}")]
    [InlineData("{\"next\":\"x\",\"count\":3,\"results\":[]}")]
    [InlineData("{\"results\":[{\"uuid\":\"\\u0061\\\"\"}],\"n\":-1.5e3,\"t\":true,\"f\":false,\"z\":null}")]
    public async Task The_items_found_are_the_items_of_the_json(string body)
    {
        var (page, uuids) = await Read(body);
        using (page)
        {
            Assert.True(page.HasResults);
            Assert.Equal(Expected(body), uuids);
        }
    }

    [Theory]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}],\"next\":nul}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}],\"next\":null,}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}] \"next\":null}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}{\"uuid\":\"b\"}]}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}]")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}],\"x\":\"unterminated}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}]}]")]
    public async Task A_body_that_is_cut_or_broken_around_the_items_fails_before_any_item_is_built(string body)
    {
        var error = await Assert.ThrowsAnyAsync<JsonException>(
            () => JsonPage.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None));

        // The same failure as a JSON document reports, position included.
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        Assert.Equal(expected.LineNumber, error.LineNumber);
        Assert.Equal(expected.BytePositionInLine, error.BytePositionInLine);
    }

    [Fact]
    public async Task A_broken_item_is_found_when_it_is_built_with_its_position_in_the_body()
    {
        const string body = "{\"results\":[{\"uuid\":\"a\"},{\"uuid\":\"b\",\"x\":tru}],\"next\":null}";
        using JsonPage page = await JsonPage.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        var persons = new List<PHPerson>();
        page.ReadItems(new PersonStreamReader(1), 0, 1, persons);

        var error = Assert.ThrowsAny<JsonException>(() => page.ReadItems(new PersonStreamReader(1), 1, 1, persons));

        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        Assert.Equal(expected.BytePositionInLine, error.BytePositionInLine);
        Assert.Equal("a", Assert.Single(persons).Uuid);
    }

    [Fact]
    public async Task Items_deeper_than_a_document_allows_are_refused()
    {
        string deep = new string('[', 62) + new string(']', 62);
        string body = "{\"results\":[{\"uuid\":\"a\",\"d\":" + deep + "}]}";
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));

        using JsonPage page = await JsonPage.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)), CancellationToken.None);
        Assert.ThrowsAny<JsonException>(() => page.ReadItems(new PersonStreamReader(1), 0, 1, new List<PHPerson>()));
    }
}
