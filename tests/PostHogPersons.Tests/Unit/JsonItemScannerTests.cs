using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>
/// The list hot path reads persons with its own scanner instead of Utf8JsonReader. It must
/// accept exactly the items System.Text.Json accepts and read them into exactly the persons
/// <see cref="PersonReader"/> reads from a JSON document.
/// </summary>
public class JsonItemScannerTests
{
    private const string Uuid = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

    // Bytes that make or break JSON, and a few that are neither.
    private static readonly byte[] Alphabet = Encoding.ASCII.GetBytes("{}[]\",:\\ 01-.eE+tfnulrsax/\t\n")
        .Concat(new byte[] { 0x01, 0x1f, 0x7f, 0xc3, 0xa9, 0xff }).ToArray();

    [Fact]
    public void Mutated_persons_are_accepted_exactly_when_System_Text_Json_accepts_them()
    {
        string[] seeds = ((IEnumerable<object[]>)PersonStreamReaderTests.Persons()).Select(row => (string)row[0])
            .Concat(new[]
            {
                "{\"uuid\":\"" + Uuid + "\",\"properties\":{\"n\":[-0.5e-3,0,10,1E+2,true,false,null,\"\\u00e9\\t\"]},\"id\":-12}",
                "{ \"id\" : 5 , \"distinct_ids\" : [ \"a\" , [ ] , { } ] , \"name\" : \"\\/x\" }",
            })
            .ToArray();
        var random = new Random(20261204);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 30000; i++)
        {
            byte[] text = Mutate(Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Length)]), random);
            PHPerson expected = ReadWithSystemTextJson(text);
            PHPerson actual = ReadWithScanner(text);
            if (expected == null)
            {
                Assert.True(actual == null, "The scanner accepted what System.Text.Json rejects: " + Show(text));
                rejected++;
            }
            else
            {
                Assert.True(actual != null, "The scanner rejected what System.Text.Json accepts: " + Show(text));
                PersonStreamReaderTests.AssertSamePerson(expected, actual);
                accepted++;
            }
        }

        // Both outcomes must be well represented for the comparison to mean anything.
        Assert.InRange(accepted, 3000, 27000);
        Assert.InRange(rejected, 3000, 27000);
    }

    [Theory]
    [InlineData(new byte[] { 0x01 }, false)]
    [InlineData(new byte[] { 0x1f }, false)]
    [InlineData(new byte[] { 0x0a }, false)]
    [InlineData(new byte[] { (byte)'\\', (byte)'x' }, false)]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'0', (byte)'0', (byte)'4' }, false)]
    [InlineData(new byte[] { (byte)'"' }, false)]
    [InlineData(new byte[] { 0x20 }, true)]
    [InlineData(new byte[] { 0x7f }, true)]
    [InlineData(new byte[] { 0xc3, 0xa9 }, true)]
    [InlineData(new byte[] { (byte)'\\', (byte)'"' }, true)]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'0', (byte)'0', (byte)'4', (byte)'1' }, true)]
    public void A_byte_anywhere_in_a_long_string_is_judged_as_System_Text_Json_judges_it(byte[] inserted, bool valid)
    {
        // Long runs of plain bytes are passed eight at a time: put the byte at every offset.
        for (int at = 0; at <= 24; at++)
        {
            byte[] text = Encoding.ASCII.GetBytes("{\"name\":\"" + new string('a', at) + "\",\"uuid\":\"" + Uuid + "\"}");
            int insertAt = "{\"name\":\"".Length + at;
            byte[] json = text.Take(insertAt).Concat(inserted).Concat(text.Skip(insertAt)).ToArray();

            Assert.Equal(valid, ReadWithSystemTextJson(json) != null);
            Assert.Equal(valid, ReadWithScanner(json) != null);
        }
    }

    [Theory]
    [InlineData(61, true)]
    [InlineData(62, true)]
    [InlineData(63, false)]
    [InlineData(70, false)]
    public void Nesting_is_limited_as_in_a_page_read_by_Utf8JsonReader(int levels, bool valid)
    {
        // The person is one level and "properties" another; the page around adds two more
        // to the 64 a document may hold.
        string nested = new string('[', levels - 2) + new string(']', levels - 2);
        string person = "{\"uuid\":\"" + Uuid + "\",\"properties\":{\"deep\":" + nested + "}}";
        string page = "{\"results\":[" + person + "]}";

        Assert.Equal(valid, AcceptsWholePage(page));
        Assert.Equal(valid, ReadWithScanner(Encoding.UTF8.GetBytes(person)) != null);
    }

    [Theory]
    [InlineData("{\"uuid\":\"a\\ud800\"}")]
    [InlineData("{\"name\":\"\\udc00b\"}")]
    public void A_read_string_that_is_not_valid_UTF16_is_a_json_error(string json)
    {
        JsonException error = Assert.Throws<JsonException>(() => Read(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("A string of the item is not valid UTF-8 or UTF-16.", error.Message);
    }

    [Fact]
    public void A_read_string_that_is_not_valid_UTF8_is_a_json_error()
    {
        byte[] json = Encoding.ASCII.GetBytes("{\"distinct_ids\":[\"ok\",\"b?d\"]}");
        json[Array.LastIndexOf(json, (byte)'?')] = 0xff;

        JsonException error = Assert.Throws<JsonException>(() => Read(json));
        Assert.Equal("A string of the item is not valid UTF-8 or UTF-16.", error.Message);
    }

    [Fact]
    public void Properties_are_built_once_when_first_read_and_a_set_replaces_them()
    {
        PHPerson person = Read(Encoding.UTF8.GetBytes(
            "{\"uuid\":\"" + Uuid + "\",\"properties\":{\"plan\":\"pro\",\"n\":[1,{\"x\":null}]}}"))!;

        PHPropertyDictionary first = person.Properties;
        Assert.Same(first, person.Properties);
        Assert.Equal("{\"plan\":\"pro\",\"n\":[1,{\"x\":null}]}", first.ToString());

        var replaced = new PHPropertyDictionary { ["plan"] = "free" };
        person.Properties = replaced;
        Assert.Same(replaced, person.Properties);
        person.Properties = null;
        Assert.Null(person.Properties);
    }

    [Fact]
    public void A_name_that_is_one_of_the_distinct_ids_shares_its_string()
    {
        PHPerson person = Read(Encoding.UTF8.GetBytes(
            "{\"name\":\"a@b.test\",\"distinct_ids\":[\"x\",\"a@b.test\"],\"uuid\":\"" + Uuid + "\"}"));

        Assert.Equal("a@b.test", person.Name);
        Assert.Same(person.DistinctIds[1], person.Name);
    }

    [Fact]
    public void Threads_reading_properties_at_once_all_get_the_same_dictionary()
    {
        PHPerson person = Read(Encoding.UTF8.GetBytes("{\"uuid\":\"" + Uuid + "\",\"properties\":{\"a\":1}}"))!;
        using var start = new Barrier(4);
        PHPropertyDictionary[] seen = new PHPropertyDictionary[4];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            start.SignalAndWait();
            seen[i] = person.Properties;
        });

        Assert.All(seen, dictionary => Assert.Same(seen[0], dictionary));
        Assert.Equal(1L, seen[0]["a"]);
    }

    private static byte[] Mutate(byte[] text, Random random)
    {
        var bytes = new List<byte>(text);
        int changes = 1 + random.Next(3);
        for (int c = 0; c < changes && bytes.Count > 0; c++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    bytes[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    int length = Math.Min(1 + random.Next(12), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }

        return bytes.ToArray();
    }

    /// <summary>The person PersonReader reads from a JsonDocument, or null where that fails.</summary>
    private static PHPerson ReadWithSystemTextJson(byte[] text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = JsonItemScanner.MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return PersonReader.Read(document.RootElement, 3);
        }
        catch (Exception error) when (error is JsonException || error is InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The person the scanner reads, properties built, or null where it fails.</summary>
    private static PHPerson ReadWithScanner(byte[] text)
    {
        try
        {
            PHPerson person = Read(text);
            _ = person?.Properties;
            return person;
        }
        catch (Exception error) when (error is JsonException || error is InvalidOperationException)
        {
            return null;
        }
    }

    private static PHPerson Read(byte[] text) =>
        new PersonStreamReader(3).TryRead(new ArraySegment<byte>(text), out PHPerson person) ? person : null;

    private static bool AcceptsWholePage(string page)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(page));
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Show(byte[] text) =>
        string.Concat(text.Select(b => b >= 0x20 && b < 0x7f ? ((char)b).ToString() : $"<{b:x2}>"));
}
