using System.Text.Json;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>
/// The local server's persons side endpoints on their own, called with plain HTTP: the
/// shapes, links and errors that PostHog sends and the module has to cope with.
/// </summary>
public sealed class LocalServerInsightTests
{
    private const string Persons = "/api/projects/1/persons/";
    private readonly TestServer _server = TestServer.Shared;

    public LocalServerInsightTests()
    {
        _server.Reset(400);
    }

    [Theory]
    [InlineData("?lifecycle_type=new", "Must include specified date")]
    [InlineData("?target_date=2025-06-01", "Must include lifecycle type")]
    public void Lifecycle_without_a_required_value_is_a_400_with_PostHogs_own_body(string query, string detail)
    {
        var (status, body) = _server.ApiCall(HttpMethod.Get, Persons + "lifecycle/" + query);

        Assert.Equal(400, status);
        Assert.Equal($"{{\"message\":\"Missing parameter\",\"detail\":\"{detail}\"}}", body);
    }

    [Fact]
    public void Funnel_correlation_is_not_found_unless_switched_on()
    {
        var (status, body) = _server.ApiCall(HttpMethod.Get, Persons + "funnel/correlation/");
        _server.Configure(new { legacyFunnelCorrelation = true });
        var (legacy, _) = _server.ApiCall(HttpMethod.Get, Persons + "funnel/correlation/?events=%5B%7B%22id%22%3A%22a%22%7D%5D"
            + "&funnel_correlation_person_entity=%7B%22id%22%3A%22b%22%7D");

        Assert.Equal(404, status);
        Assert.Equal("{\"type\":\"invalid_request\",\"code\":\"not_found\",\"detail\":\"Endpoint not found.\",\"attr\":null}", body);
        Assert.Equal(200, legacy);
    }

    [Fact]
    public void Legacy_next_links_are_absolute_first_then_the_path_without_its_leading_slash()
    {
        string first = Persons + "trends/?entity_id=%24pageview&entity_type=events&date_from=2025-06-01&date_to=2025-06-30&limit=20";

        JsonElement page1 = _server.Api(first);
        JsonElement page2 = _server.Api(first + "&offset=20");

        Assert.Equal(_server.BaseUrl + first + "&offset=20", page1.GetProperty("next").GetString());
        Assert.Equal(_server.BaseUrl + first, page1.GetProperty("initial").GetString());
        Assert.Equal(first.Substring(1) + "&offset=40", page2.GetProperty("next").GetString());
        Assert.Equal(20, page1.GetProperty("results")[0].GetProperty("count").GetInt32());
        Assert.Equal(0, page1.GetProperty("missing_persons").GetInt32());
        Assert.False(page1.GetProperty("is_cached").GetBoolean());
        Assert.Equal("person", page1.GetProperty("results")[0].GetProperty("people")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Activity_pages_rewrite_page_and_limit_and_count_everything()
    {
        string uuid = _server.Api(Persons + "?limit=1").GetProperty("results")[0].GetProperty("uuid").GetString();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(202, _server.ApiSend(HttpMethod.Patch, $"{Persons}{uuid}/", new { properties = new { i } }));
        }

        JsonElement first = _server.Api(Persons + "activity/");
        JsonElement second = _server.Api(Persons + "activity/?limit=2&page=2");
        var (invalid, body) = _server.ApiCall(HttpMethod.Get, Persons + "activity/?page=0");

        Assert.Equal(3, first.GetProperty("total_count").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("next").ValueKind);
        Assert.Equal(_server.BaseUrl + Persons + "activity/?limit=2&page=1", second.GetProperty("previous").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(1, second.GetProperty("results").GetArrayLength());
        Assert.Equal(400, invalid);
        Assert.Equal("{\"type\":\"validation_error\",\"code\":\"min_value\",\"detail\":"
            + "\"Ensure this value is greater than or equal to 1.\",\"attr\":\"page\"}", body);
    }

    [Fact]
    public void Cohorts_need_both_scopes_and_a_known_person()
    {
        _server.AddKey("phx_local_person_read", "person:read");
        string uuid = _server.Api(Persons + "?limit=1").GetProperty("results")[0].GetProperty("uuid").GetString();

        var (scoped, body) = _server.ApiCall(HttpMethod.Get, $"{Persons}cohorts/?person_id={uuid}", key: "phx_local_person_read");
        var (unknown, _) = _server.ApiCall(HttpMethod.Get, $"{Persons}cohorts/?person_id=00000000-0000-4000-8000-000000000001");
        var (missing, _) = _server.ApiCall(HttpMethod.Get, $"{Persons}cohorts/");

        Assert.Equal(403, scoped);
        Assert.Contains("API key missing required scope 'cohort:read'", body);
        Assert.Equal(404, unknown);
        Assert.Equal(500, missing);
    }
}
