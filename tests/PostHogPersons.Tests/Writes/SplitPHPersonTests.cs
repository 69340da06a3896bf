using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Writes;

/// <summary>Split-PHPerson against the local PostHog server.</summary>
public sealed class SplitPHPersonTests : IDisposable
{
    private const string Cmdlet = "PostHogPersons.Commands.SplitPHPersonCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly ServerPerson _person;

    public SplitPHPersonTests()
    {
        _server.Reset(60);
        _shell.Connect(_server);
        _person = _server.Newest(60).First(p => p.DistinctIds.Length >= 3);
    }

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void DistinctId_sends_distinct_ids_to_split_and_the_ids_become_persons_of_their_own()
    {
        string moved = _person.DistinctIds[1];

        ScriptResult result = _shell.Invoke(
            "Split-PHPerson -Uuid $args[0] -DistinctId $args[1] -Force", null, _person.Uuid, moved);

        Assert.Empty(result.Errors);
        List<ServerRequest> requests = _server.Requests();
        Assert.Equal(
            new[]
            {
                ("GET", $"/api/projects/1/persons/{_person.Uuid}/", (string)null),
                ("POST", $"/api/projects/1/persons/{_person.Uuid}/split/", $"{{\"distinct_ids_to_split\":[\"{moved}\"]}}"),
            },
            requests.Select(r => (r.Method, r.PathAndQuery, r.Body)));
        var change = (PHPersonChange)Assert.Single(result.Output).BaseObject;
        Assert.Equal((PHPersonAction.Split, PHChangeStatus.Queued, 201), (change.Action, change.Status, change.StatusCode));
        Assert.Equal(new[] { moved }, change.SplitDistinctIds);
        Assert.Equal(
            _person.DistinctIds.Where(id => id != moved),
            _server.Person(_person.Uuid).Value.GetProperty("distinct_ids").EnumerateArray().Select(d => d.GetString()));
        JsonElement created = _server.Api($"/api/projects/1/persons/?distinct_id={Uri.EscapeDataString(moved)}")
            .GetProperty("results")[0];
        Assert.Equal(new[] { moved }, created.GetProperty("distinct_ids").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void MainDistinctId_keeps_that_id_and_a_piped_person_is_not_read_again()
    {
        string main = _person.DistinctIds[^1];

        ScriptResult result = _shell.Invoke(
            "$p = Get-PHPerson -Uuid $args[0]; "
            + "$p | Split-PHPerson -MainDistinctId $args[1] -Confirm:$false", null, _person.Uuid, main);

        Assert.Empty(result.Errors);
        List<ServerRequest> requests = _server.Requests().Where(r => r.Method == "POST").ToList();
        ServerRequest split = Assert.Single(requests);
        Assert.Equal($"{{\"main_distinct_id\":\"{main}\"}}", split.Body);
        Assert.Single(_server.Requests(), r => r.Method == "GET");
        var change = (PHPersonChange)Assert.Single(result.Output).BaseObject;
        Assert.Equal(main, change.MainDistinctId);
        Assert.Equal(_person.DistinctIds.Where(id => id != main), change.SplitDistinctIds);
        Assert.Equal(new[] { main },
            _server.Person(_person.Uuid).Value.GetProperty("distinct_ids").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public void Ids_that_are_not_on_the_person_are_refused_before_any_request_when_the_person_was_piped()
    {
        ScriptResult prepare = _shell.Invoke("$global:p = Get-PHPerson -Uuid $args[0]", null, _person.Uuid);
        Assert.Empty(prepare.Errors);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "$global:p | Split-PHPerson -DistinctId $args[0], 'not-there', 'also-not' -Force -ErrorAction Continue",
            null, _person.DistinctIds[0]);

        Assert.Equal(new[] { $"DistinctIdNotOnPerson,{Cmdlet}" }, result.ErrorIds);
        Assert.StartsWith(
            $"Not distinct ids of person {_person.Uuid}: 'not-there', 'also-not' (its ids: ",
            result.Errors[0].Exception.Message);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void A_main_id_that_is_not_on_the_person_is_refused_after_reading_it_and_nothing_is_split()
    {
        ScriptResult result = _shell.Invoke(
            "Split-PHPerson -Uuid $args[0] -MainDistinctId 'nobody' -Force -ErrorAction Continue", null, _person.Uuid);

        Assert.Equal(new[] { $"DistinctIdNotOnPerson,{Cmdlet}" }, result.ErrorIds);
        Assert.Equal(new[] { "GET" }, _server.Requests().Select(r => r.Method));
    }

    [Fact]
    public void Moving_every_id_is_refused()
    {
        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -Uuid $args[0] | Split-PHPerson -DistinctId $args[1] -Force -ErrorAction Continue",
            null, _person.Uuid, _person.DistinctIds);

        Assert.Equal(new[] { $"SplitKeepsNoDistinctId,{Cmdlet}" }, result.ErrorIds);
        Assert.DoesNotContain(_server.Requests(), r => r.Method == "POST");
    }

    [Fact]
    public void MainDistinctId_and_DistinctId_are_exclusive()
    {
        ScriptResult result = _shell.Invoke(
            "Split-PHPerson -Uuid $args[0] -MainDistinctId a -DistinctId b -Force", null, _person.Uuid);

        Assert.Equal(new[] { $"AmbiguousParameterSet,{Cmdlet}" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void A_split_is_never_retried_after_a_gateway_error()
    {
        _server.AddFault(new { kind = "status", status = 502, method = "POST", pathContains = "/split/", times = -1 });

        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -Uuid $args[0] | Split-PHPerson -DistinctId $args[1] -Force -ErrorAction Continue",
            null, _person.Uuid, _person.DistinctIds[1]);

        Assert.Equal(new[] { $"ServerError,{Cmdlet}" }, result.ErrorIds);
        Assert.Single(_server.Requests(), r => r.Method == "POST");
        Assert.Empty(result.Output);
    }
}
