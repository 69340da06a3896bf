using PostHogPersons.Client;
using PostHogPersons.Client.Errors;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class NextLinkTests
{
    private static readonly Uri Base = new("https://ph.example.test/");
    private static readonly Uri BaseWithPath = new("https://ph.example.test/posthog/");
    private static readonly Uri Current = new("https://ph.example.test/api/projects/1/persons/?limit=10");

    [Theory]
    [InlineData("https://ph.example.test/api/projects/1/persons/?limit=10&offset=10")]
    [InlineData("https://attacker.example.test/api/projects/1/persons/?limit=10&offset=10")]
    [InlineData("http://ph.example.test/api/projects/1/persons/?limit=10&offset=10")]
    [InlineData("/api/projects/1/persons/?limit=10&offset=10")]
    [InlineData("?limit=10&offset=10")]
    public void Only_path_and_query_are_kept_so_the_key_stays_on_the_configured_host(string next)
    {
        Assert.Equal("api/projects/1/persons/?limit=10&offset=10", NextLink.Rebase(next, Base, Current));
    }

    [Theory]
    [InlineData("https://ph.example.test/posthog/api/projects/1/persons/?offset=5")]
    [InlineData("http://internal:8000/api/projects/1/persons/?offset=5")]
    public void A_base_path_is_kept_whether_or_not_the_server_knows_it(string next)
    {
        var current = new Uri("https://ph.example.test/posthog/api/projects/1/persons/");
        Assert.Equal("api/projects/1/persons/?offset=5", NextLink.Rebase(next, BaseWithPath, current));
    }

    [Theory]
    [InlineData("https://ph.example.test/admin/secrets", "leaves the API base path '/posthog/'")]
    [InlineData("javascript:alert(1)", "is not an http(s) link")]
    [InlineData("//attacker.example.test/api/", "is not an http(s) link")]
    public void Links_outside_the_api_base_are_refused(string next, string why)
    {
        var current = new Uri("https://ph.example.test/posthog/api/projects/1/persons/");
        var error = Assert.Throws<PostHogPagingException>(() => NextLink.Rebase(next, BaseWithPath, current));
        Assert.Contains(why, error.Message);
    }
}
