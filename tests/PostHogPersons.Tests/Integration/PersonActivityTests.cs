using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>Get-PHPersonActivity against the local PostHog server's activity log.</summary>
public sealed class PersonActivityTests : IDisposable
{
    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly List<JsonElement> _persons;

    public PersonActivityTests()
    {
        _server.Reset(200);
        _persons = _server.Api("/api/projects/1/persons/?limit=30").GetProperty("results").EnumerateArray().ToList();
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private string Uuid(int index) => _persons[index].GetProperty("uuid").GetString();

    private long IdOf(string uuid) => _server.Api($"/api/projects/1/persons/{uuid}/").GetProperty("id").GetInt64();

    /// <summary>One "updated" entry per person 0..count-1, then two more on person 0.</summary>
    private void MakeActivity(int count)
    {
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(202, _server.ApiSend(HttpMethod.Patch, $"/api/projects/1/persons/{Uuid(i)}/",
                new { properties = new { step = i } }));
        }

        Assert.Equal(201, _server.ApiSend(HttpMethod.Post, $"/api/projects/1/persons/{Uuid(0)}/delete_property/",
            new Dictionary<string, object> { ["$unset"] = "step" }));
        Assert.Equal(202, _server.ApiSend(HttpMethod.Patch, $"/api/projects/1/persons/{Uuid(0)}/",
            new { properties = new { step = 99 } }));
        _server.ClearRequests();
    }

    [Fact]
    public void Every_entry_of_all_persons_arrives_once_newest_first_following_the_page_links()
    {
        MakeActivity(23);
        List<JsonElement> expected = _server.Api("/api/projects/1/persons/activity/?limit=1000")
            .GetProperty("results").EnumerateArray().ToList();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPersonActivity -PageSize 10");

        Assert.Empty(result.Errors);
        var entries = result.Output.Select(o => (PHPersonActivity)o.BaseObject).ToList();
        Assert.Equal(25, expected.Count);
        Assert.Equal(expected.Select(e => e.GetProperty("id").GetString()), entries.Select(e => e.ActivityId));
        Assert.Equal(
            new[]
            {
                "/api/projects/1/persons/activity/?limit=10",
                "/api/projects/1/persons/activity/?limit=10&page=2",
                "/api/projects/1/persons/activity/?limit=10&page=3",
            },
            _server.Requests().Select(r => r.PathAndQuery));

        PHPersonActivity newest = entries[0];
        Assert.Equal("updated", newest.Activity);
        Assert.Equal("Person", newest.Scope);
        Assert.Equal(IdOf(Uuid(0)), newest.PersonId);
        Assert.Equal(newest.PersonId.ToString(), newest.ItemId);
        Assert.Null(newest.PersonUuid);
        Assert.Equal("test@example.com", newest.User.Email);
        Assert.Equal("Test", newest.User.FirstName);
        Assert.False(newest.User.IsSystem);
        Assert.Equal(DateTimeOffset.Parse(expected[0].GetProperty("created_at").GetString()), newest.CreatedAt);
        var change = (PHPropertyDictionary)Assert.Single((object[])newest.Detail["changes"]);
        Assert.Equal("changed", change["action"]);
        Assert.Equal("properties", change["field"]);

        PHPersonActivity deleteProperty = entries[1];
        Assert.Equal("delete_property", deleteProperty.Activity);
        Assert.Equal(Uuid(0), deleteProperty.PersonUuid);
        Assert.Equal(Uuid(0), deleteProperty.Detail["name"]);
    }

    [Fact]
    public void One_persons_entries_page_by_page_from_the_pipeline()
    {
        MakeActivity(5);
        List<string> expected = _server.Api($"/api/projects/1/persons/{Uuid(0)}/activity/?limit=100")
            .GetProperty("results").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "$args[0] | Get-PHPerson | Get-PHPersonActivity -PageSize 2", null, Uuid(0));

        Assert.Empty(result.Errors);
        var entries = result.Output.Select(o => (PHPersonActivity)o.BaseObject).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, entries.Select(e => e.ActivityId));
        Assert.Equal(new[] { "updated", "delete_property", "updated" }, entries.Select(e => e.Activity));
        Assert.All(entries, e => Assert.Equal(Uuid(0), e.PersonUuid));
        Assert.Equal(
            new[]
            {
                $"/api/projects/1/persons/{Uuid(0)}/",
                $"/api/projects/1/persons/{Uuid(0)}/activity/?limit=2",
                $"/api/projects/1/persons/{Uuid(0)}/activity/?limit=2&page=2",
            },
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Entries_bind_to_Get_PHPerson_by_their_person_id()
    {
        MakeActivity(3);

        ScriptResult result = _shell.Invoke("Get-PHPersonActivity | Get-PHPerson | Select-Object -ExpandProperty Uuid");

        Assert.Empty(result.Errors);
        Assert.Equal(
            new[] { Uuid(0), Uuid(0), Uuid(2), Uuid(1), Uuid(0) },
            result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void An_unknown_person_is_a_non_terminating_PersonNotFound_and_the_next_still_runs()
    {
        MakeActivity(2);
        const string missing = "00000000-0000-4000-8000-000000000001";

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonActivity -Uuid $args[0], $args[1] -ErrorAction Continue", null, missing, Uuid(1));

        var error = Assert.Single(result.Errors);
        Assert.Equal("PersonNotFound,PostHogPersons.Commands.GetPHPersonActivityCommand", error.FullyQualifiedErrorId);
        Assert.Equal(missing, error.TargetObject);
        Assert.Equal($"Not found. [HTTP 404 GET /api/projects/1/persons/{missing}/activity/?limit=100]",
            error.Exception.Message);
        Assert.Equal(IdOf(Uuid(1)), ((PHPersonActivity)Assert.Single(result.Output).BaseObject).PersonId);
    }

    [Fact]
    public void Bad_ids_are_refused_before_any_request()
    {
        ScriptResult result = _shell.Invoke("Get-PHPersonActivity -Uuid 'user-000001' -ErrorAction Continue; Get-PHPersonActivity -Id 0 -ErrorAction Continue");

        Assert.Equal(
            new[]
            {
                "InvalidPersonUuid,PostHogPersons.Commands.GetPHPersonActivityCommand",
                "InvalidPersonId,PostHogPersons.Commands.GetPHPersonActivityCommand",
            },
            result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void A_key_without_activity_log_read_gets_a_terminating_PermissionDenied_naming_the_scope()
    {
        _server.AddKey("phx_scoped_person_read", "person:read");
        _shell.Connect(_server, "phx_scoped_person_read");
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPersonActivity");

        Assert.Equal(new[] { "PermissionDenied,PostHogPersons.Commands.GetPHPersonActivityCommand" }, result.ErrorIds);
        Assert.Equal(
            "API key missing required scope 'activity_log:read' [HTTP 403 GET /api/projects/1/persons/activity/?limit=100]",
            result.Errors[0].Exception.Message);
        Assert.Single(_server.Requests());
    }
}
