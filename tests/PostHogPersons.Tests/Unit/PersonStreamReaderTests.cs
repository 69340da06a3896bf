using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>
/// The streamed person reader must give exactly what <see cref="PersonReader.Read"/> gives
/// for the same JSON, however the bytes arrive.
/// </summary>
public class PersonStreamReaderTests
{
    private const string Uuid = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    private const string Tricky =
        "{\"email\":\"zoë@example.com\",\"Plan\":\"pro\",\"plan\":\"free\",\"company\":{\"name\":\"李雷 GmbH\","
        + "\"size\":42,\"tags\":[\"b2b\"],\"meta\":{\"deep\":{\"deeper\":[1,2.5,null,true,[[]],{}]}}},"
        + "\"tags\":[],\"one\":[\"only\"],\"nothing\":null,\"big\":9007199254740993,\"ratio\":0.1,"
        + "\"neg\":-3,\"exp\":1.5e3,\"huge\":123456789012345678901234567890,\"flag\":false,"
        + "\"signup_date\":\"2025-03-01T10:00:00Z\",\"$initial_referrer\":\"$direct\","
        + "\"esc\\u0061ped\":\"line\\nbreak \\\"quoted\\\" \\ud83d\\ude00\",\"plan\":\"enterprise\","
        + "\"small\":7,\"zero\":0,\"long_text\":\"" + "0123456789abcdefghij0123456789abcdefghij" + "\"}";

    /// <summary>Persons in both shapes, with the oddities a server or proxy could send.</summary>
    public static TheoryData<string> Persons() => new()
    {
        "{\"type\":\"person\",\"id\":\"" + Uuid + "\",\"uuid\":\"" + Uuid + "\",\"created_at\":\"2025-01-02T03:04:05.123000Z\","
            + "\"last_seen_at\":null,\"properties\":" + Tricky + ",\"is_identified\":true,\"name\":\"a@b.test\","
            + "\"distinct_ids\":[\"a@b.test\",\"" + Uuid + "\"],\"matched_recordings\":[],\"value_at_data_point\":null}",
        "{\"id\":12345,\"name\":\"user-1\",\"distinct_ids\":[\"user-1\"],\"properties\":{},"
            + "\"created_at\":\"2025-01-02T03:04:05Z\",\"uuid\":\"" + Uuid + "\",\"last_seen_at\":\"2026-11-30T08:00:00Z\"}",
        "{\"id\":\"" + Uuid + "\",\"properties\":{\"a\":1}}",
        "{\"uuid\":null,\"id\":\"" + Uuid + "\",\"is_identified\":\"yes\",\"distinct_ids\":\"x\",\"properties\":[1]}",
        "{\"id\":\"not-it\",\"id\":7,\"uuid\":\"" + Uuid + "\",\"uuid\":5,\"name\":{\"n\":1},\"name\":\"second\"}",
        "{\"id\":99999999999999999999,\"uuid\":\"" + Uuid + "\"}",
        "{\"id\":1.5,\"uuid\":\"" + Uuid + "\",\"is_identified\":false,\"is_identified\":null}",
        "{\"uuid\":\"" + Uuid + "\",\"distinct_ids\":[\"a\",1,null,{\"x\":[\"y\"]},[\"z\"],\"b\"],\"distinct_ids\":[\"c\"]}",
        "{\"uuid\":\"" + Uuid + "\",\"properties\":{\"a\":1},\"properties\":{\"b\":2}}",
        "{\"uuid\":\"" + Uuid + "\",\"properties\":{\"a\":1},\"properties\":\"gone\"}",
        "{\"\\u0075uid\":\"" + Uuid + "\",\"cr\\u0065ated_at\":\"2025-01-02T03:04:05Z\",\"extra\":{\"deep\":[1,{\"x\":2}]}}",
        "{\"uuid\":\"" + Uuid + "\",\"created_at\":\"2025-01-02T03:04:05.1234567Z\",\"last_seen_at\":\"2025-01-02T03:04:05.1Z\"}",
        "{\"uuid\":\"" + Uuid + "\",\"created_at\":\"2025-01-02T05:04:05+02:00\",\"last_seen_at\":\"2025-01-02 03:04:05\"}",
        "{\"uuid\":\"" + Uuid + "\",\"created_at\":\"2025-02-30T03:04:05Z\",\"last_seen_at\":\"not a date\"}",
        "{\"uuid\":\"" + Uuid + "\",\"created_at\":\"2025-01-02T03:04:05.12345678Z\",\"last_seen_at\":\"2024-02-29T23:59:59Z\"}",
        "{\"uuid\":\"" + Uuid + "\",\"created_at\":\"2025-01-02T03:04:05\\u005a\",\"last_seen_at\":12}",
        "{}",
    };

    [Theory]
    [MemberData(nameof(Persons))]
    public async Task A_streamed_person_is_the_person_PersonReader_reads(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        PHPerson expected = PersonReader.Read(document.RootElement, 3);

        foreach (int chunk in new[] { 1, 7, 4096 })
        {
            PHPerson streamed = Assert.Single((await ReadPage("{\"results\":[" + json + "],\"next\":null}", chunk)).Items);
            AssertSamePerson(expected, streamed);
        }
    }

    [Fact]
    public async Task A_page_read_one_byte_at_a_time_gives_every_person_as_the_document_does()
    {
        string[] persons = ((IEnumerable<object[]>)Persons()).Select(row => (string)row[0]).ToArray();
        string body = "{\"results\":[" + string.Join(",", persons.Concat(persons)) + "],"
            + "\"next\":\"https://ph.example.test/api/projects/7/persons/?limit=3&offset=3\",\"previous\":null,\"count\":34}";

        Page<PHPerson> page = await ReadPage(body, 1);

        using JsonDocument document = JsonDocument.Parse(body);
        PHPerson[] expected = document.RootElement.GetProperty("results").EnumerateArray()
            .Select(item => PersonReader.Read(item, 3)).ToArray();
        Assert.Equal(expected.Length, page.Items.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            AssertSamePerson(expected[i], page.Items[i]);
        }

        Assert.Equal("https://ph.example.test/api/projects/7/persons/?limit=3&offset=3", page.Next);
        Assert.Equal(34L, page.Count);
    }

    [Fact]
    public async Task A_person_larger_than_the_read_buffer_is_read_whole()
    {
        string big = string.Join(",", Enumerable.Range(0, 20000).Select(i => $"\"key{i}\":\"value {i} {new string('x', i % 50)}\""));
        string json = "{\"uuid\":\"" + Uuid + "\",\"properties\":{" + big + "}}";

        PHPerson person = Assert.Single((await ReadPage("{\"results\":[" + json + "]}", 100000)).Items);

        Assert.Equal(20000, person.Properties.Count);
        Assert.Equal("value 19999 " + new string('x', 19999 % 50), person.Properties["key19999"]);
    }

    [Fact]
    public async Task Next_and_count_are_read_wherever_they_stand_and_the_last_duplicate_wins()
    {
        Page<PHPerson> page = await ReadPage(
            "{\"count\":2,\"next\":\"x\",\"results\":[{\"uuid\":\"a\"}],\"other\":{\"results\":[]},"
            + "\"next\":\"/api/next\",\"results\":[{\"uuid\":\"b\"},{\"uuid\":\"c\"}],\"count\":5}", 3);

        Assert.Equal(new[] { "b", "c" }, page.Items.Select(p => p.Uuid));
        Assert.Equal("/api/next", page.Next);
        Assert.Equal(5L, page.Count);
    }

    [Theory]
    [InlineData("{\"results\":[],\"next\":\"\"}")]
    [InlineData("{\"results\":[],\"next\":null}")]
    [InlineData("{\"results\":[],\"next\":7}")]
    [InlineData("{\"results\":[]}")]
    public async Task An_empty_or_missing_next_ends_the_list(string body)
    {
        Assert.Null((await ReadPage(body, 2)).Next);
    }

    [Theory]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}]")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}]}}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\",}]}")]
    [InlineData("{\"results\":[1,]}")]
    [InlineData("{\"results\":[\"not a person\"]}")]
    [InlineData("{\"results\":[]} x")]
    [InlineData("[1,2")]
    [InlineData("")]
    public async Task Truncated_or_invalid_json_is_a_json_error(string body)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadPage(body, 3));
    }

    [Theory]
    [InlineData("{\"detail\":\"odd\"}")]
    [InlineData("{\"results\":{\"a\":1}}")]
    [InlineData("{\"results\":[{\"uuid\":\"a\"}],\"results\":null}")]
    [InlineData("[{\"results\":[]}]")]
    [InlineData("\"results\"")]
    public async Task Valid_json_without_a_results_list_has_no_results(string body)
    {
        using JsonPage page = await JsonPage.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(body), 2), CancellationToken.None);
        Assert.False(page.HasResults);
    }

    [Theory]
    [InlineData("2025-01-02T03:04:05Z")]
    [InlineData("2025-01-02T03:04:05.1Z")]
    [InlineData("2025-01-02T03:04:05.123000Z")]
    [InlineData("2025-01-02T03:04:05.9999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2024-02-29T12:00:00Z")]
    public void PostHogs_timestamps_parse_as_DateTimeOffset_parses_them(string text)
    {
        Assert.True(PersonStreamReader.TryParseUtc(Encoding.UTF8.GetBytes(text), out DateTimeOffset fast));
        DateTimeOffset expected = DateTimeOffset.Parse(
            text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(expected, fast);
        Assert.Equal(expected.Offset, fast.Offset);
        Assert.Equal(expected.Ticks, fast.Ticks);
    }

    [Theory]
    [InlineData("2023-02-29T12:00:00Z")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("2025-01-02T24:00:00Z")]
    [InlineData("2025-01-02T03:04:60Z")]
    [InlineData("2025-01-02T03:04:05.Z")]
    [InlineData("2025-01-02T03:04:05.12345678Z")]
    [InlineData("2025-01-02T03:04:05+00:00")]
    [InlineData("2025-01-02 03:04:05Z")]
    [InlineData("+025-01-02T03:04:05Z")]
    public void Other_forms_are_left_to_DateTimeOffset(string text)
    {
        Assert.False(PersonStreamReader.TryParseUtc(Encoding.UTF8.GetBytes(text), out _));
    }

    private static async Task<Page<PHPerson>> ReadPage(string body, int chunk)
    {
        using JsonPage json = await JsonPage.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(body), chunk), CancellationToken.None);
        Assert.True(json.HasResults);
        var page = new Page<PHPerson> { Next = json.Next, Count = json.Count };
        json.ReadItems(new PersonStreamReader(3), 0, json.ItemCount, page.Items);
        return page;
    }

    internal static void AssertSamePerson(PHPerson expected, PHPerson actual)
    {
        Assert.Equal(expected.Uuid, actual.Uuid);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.DistinctIds, actual.DistinctIds);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.CreatedAt?.Offset, actual.CreatedAt?.Offset);
        Assert.Equal(expected.LastSeenAt, actual.LastSeenAt);
        Assert.Equal(expected.LastSeenAt?.Offset, actual.LastSeenAt?.Offset);
        Assert.Equal(expected.IsIdentified, actual.IsIdentified);
        Assert.Equal(expected.ProjectId, actual.ProjectId);
        AssertSameValue(expected.Properties, actual.Properties);
        Assert.Equal(expected.Properties.ToString(), actual.Properties.ToString());
    }

    /// <summary>Same .NET types and values all the way down, keys in the same order.</summary>
    private static void AssertSameValue(object expected, object actual)
    {
        if (expected == null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.IsType(expected.GetType(), actual);
        switch (expected)
        {
            case PHPropertyDictionary dictionary:
                var other = (PHPropertyDictionary)actual;
                Assert.Equal(dictionary.Keys, other.Keys);
                foreach (string key in dictionary.Keys)
                {
                    AssertSameValue(dictionary[key], other[key]);
                }

                break;
            case object[] array:
                var items = (object[])actual;
                Assert.Equal(array.Length, items.Length);
                for (int i = 0; i < array.Length; i++)
                {
                    AssertSameValue(array[i], items[i]);
                }

                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream : MemoryStream
    {
        private readonly int _chunk;

        public TrickleStream(byte[] data, int chunk) : base(data) => _chunk = chunk;

        public override int Read(byte[] buffer, int offset, int count) =>
            base.Read(buffer, offset, Math.Min(count, _chunk));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));
    }
}
