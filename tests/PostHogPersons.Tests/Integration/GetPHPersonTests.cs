using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>Get-PHPerson in a hosted runspace against the local PostHog server.</summary>
public sealed class GetPHPersonTests : IDisposable
{
    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public GetPHPersonTests()
    {
        _server.Reset(2500);
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private List<string> AllUuidsFromServer()
    {
        JsonElement page = _server.Api("/api/projects/1/persons/?limit=50000");
        return page.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("uuid").GetString()).ToList();
    }

    [Fact]
    public void Listing_streams_every_person_once_page_by_page()
    {
        List<string> expected = AllUuidsFromServer();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPerson -PageSize 1000");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid).ToList());
        Assert.Equal(
            new[]
            {
                "/api/projects/1/persons/?limit=1000",
                "/api/projects/1/persons/?limit=1000&offset=1000",
                "/api/projects/1/persons/?limit=1000&offset=2000",
            },
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void A_short_page_that_still_has_next_loses_nobody()
    {
        List<string> expected = AllUuidsFromServer();
        _server.AddFault(new { kind = "shortPage", pathContains = "/persons", dropCount = 0, times = -1 });
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPerson -PageSize 700");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid).ToList());
        Assert.Equal(4, _server.Requests().Count);
    }

    [Fact]
    public void First_and_Skip_become_limit_and_offset()
    {
        List<string> expected = AllUuidsFromServer().Skip(10).Take(5).ToList();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPerson -Skip 10 -First 5");

        Assert.Equal(expected, result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid).ToList());
        Assert.Equal("/api/projects/1/persons/?limit=5&offset=10", Assert.Single(_server.Requests()).PathAndQuery);
    }

    [Fact]
    public void One_person_by_uuid_has_the_integer_id_and_the_same_properties_as_the_list()
    {
        JsonElement listed = _server.Api("/api/projects/1/persons/?limit=1").GetProperty("results")[0];
        string uuid = listed.GetProperty("uuid").GetString();
        JsonElement record = _server.Api($"/api/projects/1/persons/{uuid}/");

        ScriptResult result = _shell.Invoke("Get-PHPerson -Uuid $args[0]", null, uuid);

        var person = (PHPerson)Assert.Single(result.Output).BaseObject;
        Assert.Equal(record.GetProperty("id").GetInt64(), person.Id);
        Assert.Equal(uuid, person.Uuid);
        Assert.Equal(JsonSerializer.Serialize(listed.GetProperty("properties")), JsonSerializer.Serialize(
            JsonDocument.Parse(person.Properties.ToString()).RootElement));
        Assert.Equal(listed.GetProperty("distinct_ids").EnumerateArray().Select(d => d.GetString()), person.DistinctIds);
    }

    [Fact]
    public void ConvertTo_Json_of_the_properties_gives_back_the_json_PostHog_sent()
    {
        JsonElement listed = _server.Api("/api/projects/1/persons/?limit=200").GetProperty("results")
            .EnumerateArray().First(p => p.GetProperty("properties").TryGetProperty("company", out _));
        string uuid = listed.GetProperty("uuid").GetString();

        ScriptResult result = _shell.Invoke(
            "(Get-PHPerson -Uuid $args[0]).Properties | ConvertTo-Json -Depth 20 -Compress", null, uuid);

        string expected = JsonSerializer.Serialize(listed.GetProperty("properties"));
        string actual = JsonSerializer.Serialize(JsonDocument.Parse(result.Output.Single().ToString()).RootElement);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Unknown_persons_are_non_terminating_PersonNotFound_and_the_rest_still_arrive()
    {
        string known = AllUuidsFromServer()[3];
        const string missing = "00000000-0000-4000-8000-000000000001";

        ScriptResult result = _shell.Invoke(
            "$args[0], $args[1] | Get-PHPerson -ErrorAction Continue", null, missing, known);

        Assert.Equal(known, ((PHPerson)Assert.Single(result.Output).BaseObject).Uuid);
        var error = Assert.Single(result.Errors);
        Assert.Equal("PersonNotFound,PostHogPersons.Commands.GetPHPersonCommand", error.FullyQualifiedErrorId);
        Assert.Equal(missing, error.TargetObject);
        Assert.Equal($"Not found. [HTTP 404 GET /api/projects/1/persons/{missing}/]", error.Exception.Message);
    }

    [Fact]
    public void A_value_that_is_not_a_uuid_is_refused_before_any_request()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -Uuid 'user-000001' -ErrorAction Continue");

        Assert.Equal(new[] { "InvalidPersonUuid,PostHogPersons.Commands.GetPHPersonCommand" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void An_unknown_key_is_a_terminating_AuthenticationFailed_with_PostHogs_detail()
    {
        _shell.Connect(_server, "phx_not_a_real_key");

        ScriptResult result = _shell.Invoke("Get-PHPerson -First 1");

        Assert.Equal(new[] { "AuthenticationFailed,PostHogPersons.Commands.GetPHPersonCommand" }, result.ErrorIds);
        Assert.Equal(
            "Personal API key found in request Authorization header is invalid. "
            + "[HTTP 401 GET /api/projects/1/persons/?limit=1]",
            result.Errors[0].Exception.Message);
        Assert.DoesNotContain(result.AllText, line => line.Contains("phx_not_a_real_key"));
    }

    [Fact]
    public void Filters_are_sent_as_PostHog_query_parameters()
    {
        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -Search 'ö' -Property @{ plan = 'pro' }, @{ key = 'age'; operator = 'gt'; value = 40 } -First 3");

        Assert.Empty(result.Errors);
        ServerRequest request = Assert.Single(_server.Requests());
        Assert.Equal(
            "?search=%C3%B6&properties=%5B%7B%22key%22%3A%22plan%22%2C%22value%22%3A%22pro%22%2C%22operator%22%3A%22exact%22%2C"
            + "%22type%22%3A%22person%22%7D%2C%7B%22key%22%3A%22age%22%2C%22value%22%3A40%2C%22operator%22%3A%22gt%22%2C"
            + "%22type%22%3A%22person%22%7D%5D&limit=3",
            request.Query);
        Assert.All(result.Output, o =>
        {
            var person = (PHPerson)o.BaseObject;
            Assert.Equal("pro", person.Properties["plan"]);
            Assert.True((long)person.Properties["age"] > 40);
        });
    }

    [Fact]
    public void Each_request_is_one_verbose_line_and_the_key_appears_in_no_stream()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -First 2 -Verbose -Debug");

        Assert.Equal(2, result.Output.Count);
        string line = Assert.Single(result.Verbose);
        Assert.Matches(@"^GET /api/projects/1/persons/\?limit=2 -> 200, 2 items in \d+ ms$", line);
        Assert.DoesNotContain(result.AllText, text => text.Contains(TestServer.FullKey));
    }
}
