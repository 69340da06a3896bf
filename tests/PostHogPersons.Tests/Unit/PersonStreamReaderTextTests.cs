using System.Text;
using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

/// <summary>
/// Strings the list hot path does not decode at once must still fail exactly where
/// PersonReader fails on them: the properties, built on first read, and escaped keys.
/// </summary>
public class PersonStreamReaderTextTests
{
    private const string Uuid = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    private const string InvalidText = "A string of the item is not valid UTF-8 or UTF-16.";

    // Where a broken string may sit in the properties: X marks it.
    private static readonly string[] Places =
    {
        "{\"k\":\"X\"}",
        "{\"X\":1}",
        "{\"a\":[1,{\"b\":[\"ok\",\"X\"]}]}",
        "{\"a\":{\"X\":null}}",
        "{\"k\":\"\\n\\u00e9X\"}",
        "{\"k\":\"" + new string('a', 300) + "X\"}",
    };

    public static TheoryData<byte[], string> BadBytes()
    {
        var data = new TheoryData<byte[], string>();
        byte[][] bytes =
        {
            new byte[] { 0xff },
            new byte[] { 0xc3 },
            new byte[] { 0xc0, 0x80 },
            new byte[] { 0xed, 0xa0, 0x80 },
            new byte[] { 0xf4, 0x90, 0x80, 0x80 },
        };
        foreach (byte[] b in bytes)
        {
            foreach (string place in Places)
            {
                data.Add(b, place);
            }
        }

        return data;
    }

    public static TheoryData<string, string> BadEscapes()
    {
        var data = new TheoryData<string, string>();
        foreach (string escape in new[] { "\\ud800", "\\udc00", "\\ud800\\u0041", "\\ud800x", "\\uDBFF\\uDBFF", "\\ud83d\\n", "\\\\\\uDC00" })
        {
            foreach (string place in Places)
            {
                data.Add(escape, place);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadBytes))]
    public void A_property_string_that_is_not_valid_UTF8_fails_the_person_as_PersonReader_fails(
        byte[] bad, string place)
    {
        byte[] properties = Encoding.UTF8.GetBytes(place);
        int at = Array.IndexOf(properties, (byte)'X');
        properties = properties.Take(at).Concat(bad).Concat(properties.Skip(at + 1)).ToArray();
        byte[] json = Encoding.UTF8.GetBytes("{\"uuid\":\"" + Uuid + "\",\"properties\":")
            .Concat(properties).Concat(new[] { (byte)'}' }).ToArray();

        Assert.Throws<InvalidOperationException>(() => ReadWithPersonReader(json));
        JsonException error = Assert.Throws<JsonException>(() => Read(json));
        Assert.Equal(InvalidText, error.Message);
    }

    [Theory]
    [MemberData(nameof(BadEscapes))]
    public void A_property_escape_that_is_not_valid_UTF16_fails_the_person_as_PersonReader_fails(
        string escape, string place)
    {
        byte[] json = Encoding.UTF8.GetBytes(
            "{\"uuid\":\"" + Uuid + "\",\"properties\":" + place.Replace("X", escape) + "}");

        Assert.Throws<InvalidOperationException>(() => ReadWithPersonReader(json));
        JsonException error = Assert.Throws<JsonException>(() => Read(json));
        Assert.Equal(InvalidText, error.Message);
    }

    [Theory]
    [InlineData("\\\\ud800")]
    [InlineData("\\\\\\\\ud800\\\\")]
    [InlineData("\\ud83d\\ude00")]
    [InlineData("\\uDBFF\\uDFFF\\uD800\\uDC00")]
    [InlineData("\\\\\\ud83d\\ude00\\\\u")]
    [InlineData("\\\"\\/\\b\\f\\n\\r\\t\\u0000")]
    [InlineData("é李😀\u007f")]
    public void Property_strings_that_only_look_broken_are_read_as_PersonReader_reads_them(string text)
    {
        byte[] json = Encoding.UTF8.GetBytes(
            "{\"uuid\":\"" + Uuid + "\",\"properties\":{\"" + text + "\":[\"" + text + "\",{\"k\":\"" + text + "\"}]}}");

        PersonStreamReaderTests.AssertSamePerson(ReadWithPersonReader(json), Read(json));
    }

    [Theory]
    [InlineData("{\"\\ud800\":1,\"uuid\":\"" + Uuid + "\"}")]
    [InlineData("{\"uuid\":\"" + Uuid + "\",\"\\udc00x\":1}")]
    [InlineData("{\"uuid\":\"" + Uuid + "\",\"na\\ud800me\":\"n\"}")]
    public void A_person_key_whose_escapes_are_not_valid_UTF16_fails_the_person_as_PersonReader_fails(string person)
    {
        byte[] json = Encoding.UTF8.GetBytes(person);

        Assert.Throws<InvalidOperationException>(() => ReadWithPersonReader(json));
        JsonException error = Assert.Throws<JsonException>(() => Read(json));
        Assert.Equal(InvalidText, error.Message);
    }

    [Fact]
    public void A_person_key_that_is_not_valid_UTF8_is_passed_over_as_PersonReader_passes_it()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"\\u0075?\":1,\"u?\":2,\"uuid\":\"" + Uuid + "\"}");
        json[Array.IndexOf(json, (byte)'?')] = 0xff;
        json[Array.LastIndexOf(json, (byte)'?')] = 0xfe;

        PersonStreamReaderTests.AssertSamePerson(ReadWithPersonReader(json), Read(json));
    }

    private static PHPerson ReadWithPersonReader(byte[] json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        PHPerson person = PersonReader.Read(document.RootElement, 3);
        return person;
    }

    private static PHPerson Read(byte[] text) =>
        new PersonStreamReader(3).TryRead(new ArraySegment<byte>(text), out PHPerson person) ? person : null;
}
