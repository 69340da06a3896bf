using System.Text.Json;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class QueryValuesTests
{
    private static object Convert(string type, string json)
    {
        using var document = JsonDocument.Parse(json);
        return QueryValues.ConverterFor(type)(document.RootElement);
    }

    [Theory]
    [InlineData("String", "\"Zoë\"", "Zoë")]
    [InlineData("Nullable(String)", "\"30\"", "30")]
    [InlineData("LowCardinality(String)", "\"pro\"", "pro")]
    [InlineData("UUID", "\"018cc7e4-96c0-7384-87a6-5f5c5bfd35f5\"", "018cc7e4-96c0-7384-87a6-5f5c5bfd35f5")]
    [InlineData("FixedString(2)", "\"DE\"", "DE")]
    [InlineData("Enum8('a' = 1, 'b' = 2)", "\"a\"", "a")]
    public void Text_types_stay_strings(string type, string json, string expected)
    {
        Assert.Equal(expected, Assert.IsType<string>(Convert(type, json)));
    }

    [Theory]
    [InlineData("DateTime64(6, 'UTC')", "\"2025-03-01T10:00:00.123456Z\"", "2025-03-01T10:00:00.1234560+00:00")]
    [InlineData("DateTime64(6, 'UTC')", "\"2025-03-01T10:00:00+00:00\"", "2025-03-01T10:00:00.0000000+00:00")]
    [InlineData("DateTime('UTC')", "\"2025-03-01 10:00:00\"", "2025-03-01T10:00:00.0000000+00:00")]
    [InlineData("Nullable(DateTime64(6, 'UTC'))", "\"2024-02-29T23:59:59Z\"", "2024-02-29T23:59:59.0000000+00:00")]
    [InlineData("Date", "\"2025-03-01\"", "2025-03-01T00:00:00.0000000+00:00")]
    public void Times_become_DateTimeOffset_in_UTC(string type, string json, string expected)
    {
        var value = Assert.IsType<DateTimeOffset>(Convert(type, json));
        Assert.Equal(expected, value.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Int64", "42", 42L)]
    [InlineData("UInt64", "120000", 120000L)]
    [InlineData("UInt8", "1", 1L)]
    [InlineData("Int64", "\"-7\"", -7L)]
    public void Whole_numbers_become_long(string type, string json, long expected)
    {
        Assert.Equal(expected, Assert.IsType<long>(Convert(type, json)));
    }

    [Fact]
    public void A_UInt64_beyond_long_is_kept_as_decimal()
    {
        Assert.Equal(18446744073709551615m, Assert.IsType<decimal>(Convert("UInt64", "18446744073709551615")));
    }

    [Fact]
    public void Floats_become_double_and_decimals_decimal()
    {
        Assert.Equal(0.1, Assert.IsType<double>(Convert("Float64", "0.1")));
        Assert.Equal(2.0, Assert.IsType<double>(Convert("Float32", "2")));
        Assert.True(double.IsNaN(Assert.IsType<double>(Convert("Float64", "\"nan\""))));
        Assert.Equal(12.345m, Assert.IsType<decimal>(Convert("Decimal(10, 3)", "12.345")));
    }

    [Theory]
    [InlineData("Bool", "true", true)]
    [InlineData("Bool", "false", false)]
    [InlineData("Bool", "1", true)]
    [InlineData("Nullable(Bool)", "0", false)]
    public void Bool_becomes_bool(string type, string json, bool expected)
    {
        Assert.Equal(expected, Assert.IsType<bool>(Convert(type, json)));
    }

    [Fact]
    public void Null_is_null_whatever_the_type()
    {
        Assert.Null(Convert("Nullable(String)", "null"));
        Assert.Null(Convert("Nullable(DateTime64(6, 'UTC'))", "null"));
        Assert.Null(Convert("Nullable(Nothing)", "null"));
    }

    [Fact]
    public void Arrays_and_tuples_convert_their_elements()
    {
        Assert.Equal(new object[] { "a", null, "b" }, Assert.IsType<object[]>(Convert("Array(Nullable(String))", "[\"a\",null,\"b\"]")));
        var times = Assert.IsType<object[]>(Convert("Array(DateTime64(6, 'UTC'))", "[\"2025-01-01T00:00:00Z\"]"));
        Assert.IsType<DateTimeOffset>(times[0]);
        Assert.Equal(new object[] { "x", 3L, true },
            Assert.IsType<object[]>(Convert("Tuple(name String, n UInt8, ok Bool)", "[\"x\",3,true]")));
    }

    [Fact]
    public void JSON_types_and_unknown_types_lose_nothing()
    {
        var json = Assert.IsType<PHPropertyDictionary>(Convert("JSON", "\"{\\\"a\\\":{\\\"b\\\":[1,2.5]}}\""));
        Assert.Equal("{\"a\":{\"b\":[1,2.5]}}", json.ToString());
        var unknown = Assert.IsType<PHPropertyDictionary>(Convert("Map(String, UInt64)", "{\"k\":9007199254740993}"));
        Assert.Equal(9007199254740993L, unknown["k"]);
        Assert.Equal(5L, Convert(null, "5"));
    }

    [Fact]
    public void A_properties_string_becomes_a_dictionary_and_other_text_stays()
    {
        var properties = Assert.IsType<PHPropertyDictionary>(QueryValues.PropertiesFromText("{\"email\":\"a@b.c\",\"n\":1}"));
        Assert.Equal("{\"email\":\"a@b.c\",\"n\":1}", properties.ToString());
        Assert.Equal("{not json", QueryValues.PropertiesFromText("{not json"));
        Assert.Equal("plain", QueryValues.PropertiesFromText("plain"));
    }
}
