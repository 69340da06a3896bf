using System.Collections;
using System.Collections.Specialized;
using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class PropertyFiltersTests
{
    [Fact]
    public void A_hashtable_means_exact_matches_and_null_means_not_set()
    {
        var input = new object[] { new OrderedDictionary { ["plan"] = "pro", ["email"] = null } };
        Assert.Equal(
            "[{\"key\":\"plan\",\"value\":\"pro\",\"operator\":\"exact\",\"type\":\"person\"},"
            + "{\"key\":\"email\",\"operator\":\"is_not_set\",\"type\":\"person\"}]",
            PropertyFilters.ToJson(PropertyFilters.Read(input)));
    }

    [Fact]
    public void Filter_hashtables_and_filter_objects_carry_their_operator()
    {
        var input = new object[]
        {
            new Hashtable { ["Key"] = "age", ["Operator"] = "GT", ["Value"] = 30 },
            new PHPropertyFilter("email", "icontains", "@example.com"),
            new PHPropertyFilter("$browser", "is_set", null),
        };
        Assert.Equal(
            "[{\"key\":\"age\",\"value\":30,\"operator\":\"gt\",\"type\":\"person\"},"
            + "{\"key\":\"email\",\"value\":\"@example.com\",\"operator\":\"icontains\",\"type\":\"person\"},"
            + "{\"key\":\"$browser\",\"operator\":\"is_set\",\"type\":\"person\"}]",
            PropertyFilters.ToJson(PropertyFilters.Read(input)));
    }

    [Theory]
    [InlineData("contains", "'contains' is not a property filter operator")]
    [InlineData("gt", "The filter on 'age' with operator 'gt' needs a value.")]
    public void Bad_filters_are_refused_before_any_request(string op, string message)
    {
        var input = new object[] { new Hashtable { ["key"] = "age", ["operator"] = op } };
        var error = Assert.Throws<ArgumentException>(() => PropertyFilters.Read(input));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Other_objects_are_refused_with_a_hint()
    {
        var error = Assert.Throws<ArgumentException>(() => PropertyFilters.Read(new object[] { 42 }));
        Assert.Contains("-Property takes hashtables", error.Message);
    }
}
