using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>
/// The persons behind insights: Get-PHPersonLifecycle, -Trend, -Funnel and
/// -FunnelCorrelation against the local server's legacy actors endpoints.
/// </summary>
public sealed class PersonInsightTests : IDisposable
{
    private const string Persons = "/api/projects/1/persons/";
    private const string PageviewJson = "%5B%7B%22id%22%3A%22%24pageview%22%2C%22type%22%3A%22events%22%2C%22order%22%3A0%7D%5D";
    private const string FunnelJson = "%5B%7B%22id%22%3A%22%24pageview%22%2C%22type%22%3A%22events%22%2C%22order%22%3A0%7D%2C"
        + "%7B%22id%22%3A%22signup%22%2C%22type%22%3A%22events%22%2C%22order%22%3A1%7D%5D";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public PersonInsightTests()
    {
        _server.Reset(1500);
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    /// <summary>The UUIDs of the persons of a legacy actors answer, read with a raw request.</summary>
    private List<string> RawPeople(string pathAndQuery)
    {
        JsonElement page = _server.Api(pathAndQuery);
        List<string> uuids = page.GetProperty("results")[0].GetProperty("people").EnumerateArray()
            .Select(p => p.GetProperty("uuid").GetString()).ToList();
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        _server.ClearRequests();
        return uuids;
    }

    private static List<string> Uuids(ScriptResult result) =>
        result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid).ToList();

    /// <summary>
    /// The requests a full walk through <paramref name="count"/> persons in pages of
    /// <paramref name="limit"/> makes: the first without offset, then PostHog's next links
    /// (absolute with "&amp;offset=N" appended, then the path with offset=N replaced), up to the
    /// first page that is not full.
    /// </summary>
    private static List<string> OffsetWalk(string first, int count, int limit)
    {
        var requests = new List<string> { first };
        for (int offset = limit; offset <= count; offset += limit)
        {
            requests.Add(first + "&offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        return requests;
    }

    [Fact]
    public void Lifecycle_streams_every_person_of_the_bar_once_following_next_across_pages()
    {
        string query = "?target_date=2025-06-15&lifecycle_type=returning&events=" + PageviewJson + "&interval=week";
        List<string> expected = RawPeople(Persons + "lifecycle/" + query + "&limit=50000");

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonLifecycle -Event '$pageview' -TargetDate 2025-06-15 -LifecycleType returning -Interval week -PageSize 40");

        Assert.Empty(result.Errors);
        Assert.True(expected.Count > 200, $"only {expected.Count} returning persons");
        Assert.Equal(expected, Uuids(result));
        Assert.Equal(expected.Count, Uuids(result).Distinct().Count());
        Assert.Equal(
            OffsetWalk(Persons + "lifecycle/" + query + "&limit=40", expected.Count, 40),
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Lifecycle_new_persons_of_a_day_are_exactly_those_the_seed_created_that_day()
    {
        List<(string Uuid, DateTime Created)> all = _server.Api(Persons + "?limit=50000").GetProperty("results")
            .EnumerateArray()
            .Select(p => (p.GetProperty("uuid").GetString(), DateTime.Parse(p.GetProperty("created_at").GetString(),
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)))
            .ToList();
        DateTime day = all[700].Created.Date;
        List<string> createdThatDay = all.Where(p => p.Created.Date == day).Select(p => p.Uuid).ToList();
        string date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonLifecycle -Event '$pageview' -TargetDate ([datetime]$args[0]) -LifecycleType new", null, date);

        Assert.Empty(result.Errors);
        Assert.Contains(all[700].Uuid, createdThatDay);
        Assert.Equal(createdThatDay, Uuids(result));
        Assert.Equal(
            $"{Persons}lifecycle/?target_date={date}&lifecycle_type=new&events={PageviewJson}",
            Assert.Single(_server.Requests()).PathAndQuery);
    }

    [Theory]
    [InlineData("Get-PHPersonLifecycle -Event '$pageview' -LifecycleType new", "MissingMandatoryParameter")]
    [InlineData("Get-PHPersonLifecycle -Event '$pageview' -TargetDate 2025-06-15", "MissingMandatoryParameter")]
    [InlineData("Get-PHPersonLifecycle -TargetDate 2025-06-15 -LifecycleType new", "MissingMandatoryParameter")]
    [InlineData("Get-PHPersonLifecycle -Event '$pageview' -TargetDate '' -LifecycleType new", "ParameterArgumentValidationError")]
    [InlineData("Get-PHPersonLifecycle -Event '$pageview' -TargetDate 2025-06-15 -LifecycleType lost", "ParameterArgumentValidationError")]
    [InlineData("Get-PHPersonLifecycle -Event '' -TargetDate 2025-06-15 -LifecycleType new", "ParameterArgumentValidationError")]
    public void Lifecycle_without_its_required_values_is_refused_before_any_request(string script, string errorId)
    {
        ScriptResult result = _shell.Invoke(script);

        Assert.Equal(new[] { errorId + ",PostHogPersons.Commands.GetPHPersonLifecycleCommand" }, result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Trend_persons_of_one_data_point_across_pages()
    {
        string query = "?events=" + PageviewJson + "&entity_id=%24pageview&entity_type=events"
            + "&date_from=2025-06-01&date_to=2025-06-01&interval=week";
        List<string> expected = RawPeople(Persons + "trends/" + query + "&limit=50000");

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonTrend '$pageview' -DateFrom 2025-06-01 -DateTo 2025-06-01 -Interval week -PageSize 150");

        Assert.Empty(result.Errors);
        Assert.True(expected.Count > 400, $"only {expected.Count} persons");
        Assert.Equal(expected, Uuids(result));
        Assert.Equal(
            OffsetWalk(Persons + "trends/" + query + "&limit=150", expected.Count, 150),
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Trend_breakdown_value_keeps_the_persons_with_that_property_value()
    {
        ScriptResult all = _shell.Invoke("Get-PHPersonTrend '$pageview' -DateFrom 2025-05-01 -DateTo 2025-05-07");
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonTrend '$pageview' -DateFrom 2025-05-01 -DateTo 2025-05-07 -Breakdown plan -BreakdownType person -BreakdownValue pro");

        Assert.Empty(result.Errors);
        List<PHPerson> expected = all.Output.Select(o => (PHPerson)o.BaseObject)
            .Where(p => (p.Properties.TryGetValue("plan", out object plan) ? plan : null) as string == "pro").ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(p => p.Uuid), Uuids(result));
        Assert.Equal(
            "?events=" + PageviewJson + "&entity_id=%24pageview&entity_type=events&date_from=2025-05-01&date_to=2025-05-07"
            + "&breakdown=plan&breakdown_type=person&breakdown_value=pro",
            _server.Requests()[0].Query);
    }

    [Fact]
    public void Funnel_drop_offs_with_GET_parameters()
    {
        string query = "?events=" + FunnelJson + "&funnel_step=-2&date_from=2025-05-01&date_to=2025-05-10";
        List<string> expected = RawPeople(Persons + "funnel/" + query + "&limit=50000");

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonFunnel -Event '$pageview', 'signup' -Step 2 -DroppedOff -DateFrom 2025-05-01 -DateTo 2025-05-10");

        Assert.Empty(result.Errors);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Uuids(result));
        Assert.Equal(OffsetWalk(Persons + "funnel/" + query, expected.Count, 100),
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Funnel_with_a_filter_posts_the_same_body_to_every_page()
    {
        const string body = "{\"events\":[{\"id\":\"$pageview\",\"order\":0},{\"id\":\"signup\",\"order\":1}],"
            + "\"date_from\":\"2025-05-01\",\"date_to\":\"2025-05-31\",\"funnel_step\":2}";
        List<string> expected = RawPeople(Persons + "funnel/?events=%5B%7B%22id%22%3A%22%24pageview%22%7D%2C%7B%22id%22%3A"
            + "%22signup%22%7D%5D&date_from=2025-05-01&date_to=2025-05-31&funnel_step=2&limit=50000");

        ScriptResult result = _shell.Invoke(
            "$filter = [ordered]@{ events = @([ordered]@{ id = '$pageview'; order = 0 }, [ordered]@{ id = 'signup'; order = 1 }); "
            + "date_from = '2025-05-01'; date_to = '2025-05-31' }; "
            + "Get-PHPersonFunnel -Filter $filter -Step 2 -PageSize 400");

        Assert.Empty(result.Errors);
        Assert.True(expected.Count > 800, $"only {expected.Count} persons");
        Assert.Equal(expected, Uuids(result));
        List<ServerRequest> requests = _server.Requests();
        Assert.Equal(OffsetWalk(Persons + "funnel/?limit=400", expected.Count, 400), requests.Select(r => r.PathAndQuery));
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal(body, r.Body);
        });
    }

    [Theory]
    [InlineData("Get-PHPersonFunnel -Event a, b -Step 1 -DroppedOff", "InvalidFunnelStep")]
    [InlineData("Get-PHPersonFunnel -Event a, b -Step 3", "InvalidFunnelStep")]
    [InlineData("Get-PHPersonFunnel -Filter @{ events = @(@{ id = 'a' }) }", "InvalidFunnelStep")]
    [InlineData("Get-PHPersonFunnel -Filter @{ events = @(@{ id = 'a' }); offset = 100 } -Step 1", "InvalidFilter")]
    [InlineData("Get-PHPersonFunnel -Event a, b", "MissingMandatoryParameter")]
    public void Funnel_values_PostHog_would_refuse_are_refused_before_any_request(string script, string errorId)
    {
        ScriptResult result = _shell.Invoke(script);

        Assert.Equal(new[] { errorId + ",PostHogPersons.Commands.GetPHPersonFunnelCommand" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Funnel_correlation_on_a_PostHog_without_it_says_the_endpoint_was_removed()
    {
        ScriptResult result = _shell.Invoke("Get-PHPersonFunnelCorrelation -Event '$pageview', 'signup' -CorrelationEvent '$autocapture'");

        Assert.Empty(result.Output);
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("FunnelCorrelationUnavailable,PostHogPersons.Commands.GetPHPersonFunnelCorrelationCommand",
            error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.StartsWith(
            "This PostHog has no funnel correlation persons endpoint (persons/funnel/correlation/): newer PostHog "
            + "versions removed it, so the persons behind a correlation can only be seen in the PostHog app. "
            + "Endpoint not found. [HTTP 404 GET /api/projects/1/persons/funnel/correlation/?events=",
            error.Exception.Message);
        Assert.Equal(404, Assert.Single(_server.Requests()).Status);
    }

    [Fact]
    public void Funnel_correlation_on_an_older_PostHog_pages_with_its_own_limit_and_offset()
    {
        _server.Configure(new { legacyFunnelCorrelation = true });
        string query = "?events=" + FunnelJson
            + "&funnel_correlation_person_entity=%7B%22id%22%3A%22%24autocapture%22%2C%22type%22%3A%22events%22%7D"
            + "&funnel_correlation_person_converted=true&date_from=2025-05-01&date_to=2025-05-31";
        List<string> expected = RawPeople(Persons + "funnel/correlation/" + query + "&funnel_correlation_person_limit=50000");

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonFunnelCorrelation -Event '$pageview', 'signup' -CorrelationEvent '$autocapture' "
            + "-DateFrom 2025-05-01 -DateTo 2025-05-31 -PageSize 300");

        Assert.Empty(result.Errors);
        Assert.True(expected.Count > 600, $"only {expected.Count} persons");
        Assert.Equal(expected, Uuids(result));
        string first = Persons + "funnel/correlation/" + query + "&funnel_correlation_person_limit=300";
        var walk = new List<string> { first };
        for (int offset = 300; offset <= expected.Count; offset += 300)
        {
            walk.Add(first + "&funnel_correlation_person_offset=" + offset);
        }

        Assert.Equal(walk, _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Funnel_correlation_drop_offs_exclude_every_converted_person()
    {
        _server.Configure(new { legacyFunnelCorrelation = true });
        ScriptResult converted = _shell.Invoke(
            "Get-PHPersonFunnelCorrelation -Event '$pageview', 'signup' -CorrelationEvent '$autocapture' -DateFrom 2025-05-01 -DateTo 2025-05-31");
        _server.ClearRequests();

        ScriptResult dropped = _shell.Invoke(
            "Get-PHPersonFunnelCorrelation -Event '$pageview', 'signup' -CorrelationEvent '$autocapture' -DateFrom 2025-05-01 -DateTo 2025-05-31 -DroppedOff");

        Assert.Empty(dropped.Errors);
        Assert.NotEmpty(Uuids(dropped));
        Assert.Empty(Uuids(dropped).Intersect(Uuids(converted)));
        Assert.Contains("&funnel_correlation_person_converted=false&", Assert.Single(_server.Requests()).Query);
    }
}
