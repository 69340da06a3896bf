using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// Get-PHPerson over 1,000 persons in pages of 300 while a page fails: transient faults
/// are retried and the persons written are exactly the seeded persons, in order, none lost
/// and none twice; crafted next links are rebased onto the configured host or refused.
/// </summary>
public sealed class PagingUnderFaultsTests : IDisposable
{
    private const string Command =
        "Get-PHPerson -PageSize 300 -MaximumRetryCount 3 -RetryIntervalSec 0 -TimeoutSec 1 -ErrorAction Continue";
    private const string Cmdlet = "PostHogPersons.Commands.GetPHPersonCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly List<string> _seeded;

    public PagingUnderFaultsTests()
    {
        _server.Reset(1000);
        _shell.Connect(_server);
        _seeded = _server.Api("/api/projects/1/persons/?limit=5000").GetProperty("results").EnumerateArray()
            .Select(p => p.GetProperty("uuid").GetString()).ToList();
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private static List<string> Uuids(ScriptResult result) =>
        result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid).ToList();

    public static TheoryData<string, string, int> TransientFaults => new()
    {
        // name, rule (JSON) on the third page, extra tries
        { "429 with Retry-After", """{"kind":"status","status":429,"headers":{"Retry-After":"1"}}""", 1 },
        { "429 twice without Retry-After", """{"kind":"status","status":429,"times":2}""", 2 },
        { "502 twice", """{"kind":"status","status":502,"times":2}""", 2 },
        { "503", """{"kind":"status","status":503}""", 1 },
        { "504", """{"kind":"status","status":504}""", 1 },
        { "HTML 502 from a proxy", """{"kind":"html","status":502}""", 1 },
        { "reset mid-body", """{"kind":"reset"}""", 1 },
        { "reset before any byte", """{"kind":"reset","bytes":0}""", 1 },
        { "a stalled answer past the timeout", """{"kind":"stall","delayMs":20000}""", 1 },
        { "a body stalled half way past the timeout", """{"kind":"stallBody","delayMs":20000}""", 1 },
        {
            "three different faults in a row",
            """[{"kind":"status","status":503},{"kind":"reset"},{"kind":"stall","delayMs":20000}]""",
            3
        },
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public void A_page_that_fails_for_a_while_loses_no_person_and_repeats_none(
        string name, string rule, int extraTries)
    {
        foreach (var json in Rules(rule, "offset=600"))
        {
            _server.AddFault(json);
        }

        ScriptResult result = _shell.Invoke(Command);

        Assert.True(result.Errors.Count == 0, name + ": " + string.Join("; ", result.Errors));
        Assert.Equal(_seeded, Uuids(result));
        Assert.Equal(4 + extraTries, _server.RequestsWhenAtLeast(4 + extraTries).Count);
    }

    [Fact]
    public void The_first_page_failing_for_a_while_loses_nobody()
    {
        _server.AddFault(new { kind = "status", status = 503, times = 2 });

        ScriptResult result = _shell.Invoke(Command);

        Assert.Empty(result.Errors);
        Assert.Equal(_seeded, Uuids(result));
        Assert.Equal(
            new[]
            {
                "?limit=300", "?limit=300", "?limit=300",
                "?limit=300&offset=300", "?limit=300&offset=600", "?limit=300&offset=900",
            },
            _server.Requests().Select(r => r.Query));
    }

    [Fact]
    public void A_page_that_keeps_failing_stops_the_command_after_the_persons_before_it()
    {
        _server.AddFault(new { kind = "status", status = 502, times = -1, queryContains = "offset=600" });

        ScriptResult result = _shell.Invoke(Command);

        Assert.Equal(new[] { "ServerError," + Cmdlet }, result.ErrorIds);
        Assert.Equal("Bad Gateway. [HTTP 502 GET /api/projects/1/persons/?limit=300&offset=600, 4 tries]",
            result.Errors[0].Exception.Message);
        Assert.Equal(_seeded.Take(600), Uuids(result));
    }

    [Fact]
    public void A_short_page_with_next_does_not_end_the_list()
    {
        // The server leaves out the last three persons of the second page and still says there is more.
        _server.AddFault(new { kind = "shortPage", dropCount = 3, queryContains = "offset=300" });

        ScriptResult result = _shell.Invoke(Command);

        Assert.Empty(result.Errors);
        Assert.Equal(_seeded.Take(597).Concat(_seeded.Skip(600)), Uuids(result));
        Assert.Equal(4, _server.Requests().Count);
    }

    public static TheoryData<string, string> FollowedLinks => new()
    {
        { "another host", "http://localhost:{stub}/api/projects/1/persons/?limit=300&offset=600" },
        { "another scheme", "https://127.0.0.1:{port}/api/projects/1/persons/?limit=300&offset=600" },
        { "another host and scheme", "https://localhost:{stub}/api/projects/1/persons/?limit=300&offset=600" },
        { "an absolute path", "/api/projects/1/persons/?limit=300&offset=600" },
        { "a query only", "?limit=300&offset=600" },
    };

    [Theory]
    [MemberData(nameof(FollowedLinks))]
    public void A_next_link_elsewhere_is_rebased_onto_the_configured_host(string name, string next)
    {
        using var elsewhere = new StubPostHog(_ => new StubAnswer(200, StubPostHog.PersonsPage()));
        int port = new Uri(_server.BaseUrl).Port;
        _server.AddFault(new
        {
            kind = "next",
            queryContains = "offset=300",
            next = next.Replace("{stub}", elsewhere.Port.ToString()).Replace("{port}", port.ToString()),
        });

        ScriptResult result = _shell.Invoke(Command);

        Assert.True(result.Errors.Count == 0, name + ": " + string.Join("; ", result.Errors));
        Assert.Equal(_seeded, Uuids(result));
        Assert.Empty(elsewhere.Requests);
        Assert.All(_server.Requests(), r => Assert.Equal(new Uri(_server.BaseUrl).Authority, r.Host));
        Assert.All(_server.Requests(), r => Assert.Equal("Bearer " + TestServer.FullKey, r.Authorization));
    }

    private const string Repeats =
        "does not advance (it points to a page already read); paging stopped so that no person is read twice";

    private const string OtherEndpoint = "points to another endpoint; paging stopped";

    private const string NotHttp = "is not an http(s) link; paging stopped";

    public static TheoryData<string, string, string> RefusedLinks => new()
    {
        { "the current URL", "{self}", Repeats },
        { "the first page again", "/api/projects/1/persons/?limit=300", Repeats },
        { "another endpoint", "/api/projects/1/cohorts/?limit=300&offset=600", OtherEndpoint },
        { "a protocol-relative link", "//localhost:9/api/projects/1/persons/?limit=300&offset=600", NotHttp },
        { "another scheme than http", "ftp://127.0.0.1/api/projects/1/persons/?limit=300&offset=600", NotHttp },
        { "script", "javascript:alert(1)", NotHttp },
    };

    [Theory]
    [MemberData(nameof(RefusedLinks))]
    public void A_next_link_that_cannot_be_followed_safely_stops_with_PagingFailed(
        string name, string next, string why)
    {
        _server.AddFault(new { kind = "next", queryContains = "offset=300", next });

        ScriptResult result = _shell.Invoke(Command);

        Assert.True(
            result.ErrorIds.SequenceEqual(new[] { "PagingFailed," + Cmdlet }),
            name + ": " + string.Join("; ", result.ErrorIds));
        string shown = next == "{self}" ? _server.BaseUrl + "/api/projects/1/persons/?limit=300&offset=300" : next;
        Assert.Equal(
            $"The list's next link '{shown}' {why} [HTTP 200 GET /api/projects/1/persons/?limit=300&offset=300]",
            result.Errors[0].Exception.Message);
        Assert.Equal(_seeded.Take(600), Uuids(result));
        Assert.Equal(2, _server.Requests().Count);
    }

    [Fact]
    public void A_null_next_on_a_full_page_ends_the_list_as_the_server_says()
    {
        _server.AddFault(new { kind = "next", queryContains = "offset=300" });

        ScriptResult result = _shell.Invoke(Command);

        Assert.Empty(result.Errors);
        Assert.Equal(_seeded.Take(600), Uuids(result));
        Assert.Equal(2, _server.Requests().Count);
    }

    private static IEnumerable<System.Text.Json.Nodes.JsonObject> Rules(string json, string queryContains)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var rules = node is System.Text.Json.Nodes.JsonArray array
            ? array.Select(r => r!.AsObject()).ToList()
            : new List<System.Text.Json.Nodes.JsonObject> { node.AsObject() };
        foreach (var rule in rules)
        {
            rule["queryContains"] = queryContains;
            yield return rule.DeepClone().AsObject();
        }
    }
}
