using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class HogQLTextTests
{
    [Theory]
    [InlineData("SELECT id FROM persons", false, false, false)]
    [InlineData("SELECT id FROM persons ORDER BY id LIMIT 10", true, false, true)]
    [InlineData("select id from persons order by id limit 10 offset 20", true, true, true)]
    [InlineData("SELECT id FROM persons WHERE id IN (SELECT person_id FROM person_distinct_ids LIMIT 5)", false, false, false)]
    [InlineData("SELECT 'LIMIT 5', `order by` FROM persons -- LIMIT 3\n", false, false, false)]
    [InlineData("SELECT id /* ORDER BY x LIMIT 1 */ FROM persons WHERE x = {limit}", false, false, false)]
    [InlineData("SELECT 'it''s LIMIT', \"LIMIT\" FROM persons ORDER BY id", false, false, true)]
    [InlineData("SELECT 'it\\'s', id FROM persons ORDER BY id", false, false, true)]
    public void Inspect_sees_only_top_level_clauses(string hogql, bool limit, bool offset, bool orderBy)
    {
        HogQLShape shape = HogQLText.Inspect(hogql);

        Assert.Equal((limit, offset, orderBy), (shape.HasLimit, shape.HasOffset, shape.HasOrderBy));
    }

    [Theory]
    [InlineData("SELECT id FROM persons LIMIT 60000", 60000L)]
    [InlineData("SELECT id FROM persons LIMIT {n}", null)]
    [InlineData("SELECT id FROM persons LIMIT 10, 20", null)]
    public void Inspect_reads_a_plain_LIMIT_number(string hogql, long? expected)
    {
        Assert.Equal(expected, HogQLText.Inspect(hogql).LimitValue);
    }

    [Fact]
    public void A_union_is_noticed()
    {
        Assert.True(HogQLText.Inspect("SELECT 1 UNION ALL SELECT 2").HasSetOperation);
        Assert.False(HogQLText.Inspect("SELECT 'UNION' AS u").HasSetOperation);
    }

    [Fact]
    public void WithPage_appends_on_a_new_line_and_drops_trailing_semicolons()
    {
        Assert.Equal("SELECT id FROM persons -- all\nLIMIT 100 OFFSET 200",
            HogQLText.WithPage("SELECT id FROM persons -- all", 100, 200));
        Assert.Equal("SELECT 1\nLIMIT 5 OFFSET 0", HogQLText.WithPage("SELECT 1 ;; \n", 5, 0));
    }

    [Theory]
    [InlineData("email", "email")]
    [InlineData("$geoip_country_code", "$geoip_country_code")]
    [InlineData("company.name", "`company.name`")]
    [InlineData("first name", "`first name`")]
    [InlineData("we`ird\\", "`we\\`ird\\\\`")]
    [InlineData("2fa", "`2fa`")]
    public void Identifier_quotes_only_when_needed(string name, string expected)
    {
        Assert.Equal(expected, HogQLText.Identifier(name));
    }
}
