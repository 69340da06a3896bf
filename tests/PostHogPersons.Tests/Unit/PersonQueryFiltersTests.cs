using PostHogPersons.Client;
using PostHogPersons.Models;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class PersonQueryFiltersTests
{
    private static PersonCondition Build(params PHPropertyFilter[] filters) =>
        PersonQueryFilters.Build(null, null, null, filters);

    [Fact]
    public void No_filter_is_no_condition()
    {
        PersonCondition condition = Build();

        Assert.Null(condition.Where);
        Assert.Empty(condition.Values);
    }

    [Fact]
    public void Email_distinct_ids_and_search_become_placeholders()
    {
        PersonCondition condition = PersonQueryFilters.Build("o'brien@example.com", new[] { "a", "b" }, "zoë", null);

        Assert.Equal(
            "p.properties.email = {email}"
            + " AND p.id IN (SELECT person_id FROM person_distinct_ids WHERE distinct_id IN {distinct_ids})"
            + " AND (p.properties.email ILIKE {search} OR p.properties.name ILIKE {search} OR toString(p.id) ILIKE {search}"
            + " OR p.id IN (SELECT person_id FROM person_distinct_ids WHERE distinct_id ILIKE {search}))",
            condition.Where);
        Assert.Equal("o'brien@example.com", condition.Values["email"]);
        Assert.Equal(new[] { "a", "b" }, condition.Values["distinct_ids"]);
        Assert.Equal("%zoë%", condition.Values["search"]);
    }

    [Fact]
    public void Property_operators_translate_with_the_list_endpoints_meaning()
    {
        PersonCondition condition = Build(
            new PHPropertyFilter("plan", "pro"),
            new PHPropertyFilter("$geoip_country_code", "is_not", "DE"),
            new PHPropertyFilter("age", "gt", 30),
            new PHPropertyFilter("company.name", "icontains", "acme"),
            new PHPropertyFilter("name", "not_regex", "^Z"),
            new PHPropertyFilter("is_beta", "exact", true),
            new PHPropertyFilter("middle_name", "is_not_set", null),
            new PHPropertyFilter("plan", "in", new object[] { "pro", 3 }));

        Assert.Equal(
            "p.properties.plan IN {p0}"
            + " AND (p.properties.$geoip_country_code IS NULL OR p.properties.$geoip_country_code NOT IN {p1})"
            + " AND toFloat(p.properties.age) > {p2}"
            + " AND p.properties.`company.name` ILIKE {p3}"
            + " AND (p.properties.name IS NULL OR NOT match(p.properties.name, {p4}))"
            + " AND p.properties.is_beta IN {p5}"
            + " AND p.properties.middle_name IS NULL"
            + " AND p.properties.plan IN {p7}",
            condition.Where);
        Assert.Equal(new[] { "pro" }, condition.Values["p0"]);
        Assert.Equal(new[] { "DE" }, condition.Values["p1"]);
        Assert.Equal(30.0, condition.Values["p2"]);
        Assert.Equal("%acme%", condition.Values["p3"]);
        Assert.Equal("^Z", condition.Values["p4"]);
        Assert.Equal(new[] { "true" }, condition.Values["p5"]);
        Assert.False(condition.Values.ContainsKey("p6"));
        Assert.Equal(new[] { "pro", "3" }, condition.Values["p7"]);
    }

    [Theory]
    [InlineData("is_date_after", "2025-01-01")]
    [InlineData("is_date_before", "2025-01-01")]
    [InlineData("is_date_exact", "2025-01-01")]
    [InlineData("lt", "soon")]
    public void Filters_without_a_translation_are_refused(string op, string value)
    {
        Assert.Throws<ArgumentException>(() => Build(new PHPropertyFilter("signup_date", op, value)));
    }
}
