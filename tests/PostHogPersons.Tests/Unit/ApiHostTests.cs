using PostHogPersons.Client;
using Xunit;

namespace PostHogPersons.Tests.Unit;

public class ApiHostTests
{
    [Theory]
    [InlineData("us", "https://us.posthog.com/")]
    [InlineData("EU", "https://eu.posthog.com/")]
    [InlineData("posthog.example.test", "https://posthog.example.test/")]
    [InlineData("https://posthog.example.test/posthog", "https://posthog.example.test/posthog/")]
    [InlineData("https://posthog.example.test:8443/a/b/", "https://posthog.example.test:8443/a/b/")]
    [InlineData("http://localhost:8000", "http://localhost:8000/")]
    [InlineData("http://127.0.0.5:9000/ph", "http://127.0.0.5:9000/ph/")]
    [InlineData("http://[::1]:8000", "http://[::1]:8000/")]
    public void Resolve_gives_the_base_uri_with_a_trailing_slash(string input, string expected)
    {
        Assert.Equal(expected, ApiHost.Resolve(input).AbsoluteUri);
    }

    [Theory]
    [InlineData("http://posthog.example.test", "Refusing plain http to 'posthog.example.test'")]
    [InlineData("ftp://posthog.example.test", "is not an API host")]
    [InlineData("https://posthog.example.test/?x=1", "must not carry a query")]
    [InlineData("https://user:pw@posthog.example.test/", "must not carry a query, a fragment or user information")]
    [InlineData("  ", "The API host is empty")]
    [InlineData("8000", "'8000' is not an API host: a host written as a bare number is read as an IP address")]
    [InlineData("0", "'0' is not an API host: a host written as a bare number")]
    [InlineData("https://10000:443/", "'https://10000:443/' is not an API host: a host written as a bare number")]
    public void Resolve_refuses_unsafe_or_unusable_hosts(string input, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ApiHost.Resolve(input));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("us", "https://us.i.posthog.com/")]
    [InlineData("eu", "https://eu.i.posthog.com/")]
    [InlineData("https://posthog.example.test/ph/", "https://posthog.example.test/ph/")]
    public void Capture_goes_to_the_ingestion_host_of_the_cloud_or_to_the_self_hosted_base(string host, string ingest)
    {
        Assert.Equal(ingest, ApiHost.DefaultIngestFor(ApiHost.Resolve(host)).AbsoluteUri);
    }
}
