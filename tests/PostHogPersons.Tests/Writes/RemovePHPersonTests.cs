using System.Management.Automation;
using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Writes;

/// <summary>Remove-PHPersonProperty, Remove-PHPerson, Remove-PHPersonEvent and -Recording.</summary>
public sealed class RemovePHPersonTests : IDisposable
{
    private const string Missing = "00000000-0000-4000-8000-00000000000a";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public RemovePHPersonTests()
    {
        _server.Reset(20);
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Remove_PHPersonProperty_sends_one_delete_property_per_key()
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke(
            "Remove-PHPersonProperty -Uuid $args[0] -Name plan, '$browser' -PassThru", null, person.Uuid);

        Assert.Empty(result.Errors);
        Assert.Equal(
            new[]
            {
                ("POST", $"/api/projects/1/persons/{person.Uuid}/delete_property/", "{\"$unset\":\"plan\"}"),
                ("POST", $"/api/projects/1/persons/{person.Uuid}/delete_property/", "{\"$unset\":\"$browser\"}"),
            },
            _server.Requests().Select(r => (r.Method, r.PathAndQuery, r.Body)));
        var change = (PHPersonChange)Assert.Single(result.Output).BaseObject;
        Assert.Equal(PHPersonAction.RemoveProperties, change.Action);
        Assert.Equal(new[] { "plan", "$browser" }, change.PropertyNames);
        Assert.Equal(201, change.StatusCode);
        JsonElement stored = _server.StoredProperties(person.Uuid).Value;
        Assert.False(stored.TryGetProperty("plan", out _));
        Assert.False(stored.TryGetProperty("$browser", out _));
        Assert.True(stored.TryGetProperty("email", out _) || stored.TryGetProperty("seed_index", out _));
    }

    [Theory]
    [InlineData("", "", false, false)]
    [InlineData("-DeleteEvents", "?delete_events=true", false, true)]
    [InlineData("-DeleteRecordings", "?delete_recordings=true", false, false)]
    [InlineData("-DeleteEvents -DeleteRecordings", "?delete_events=true&delete_recordings=true", false, true)]
    [InlineData("-DeleteEvents -KeepPerson", "?delete_events=true&keep_person=true", true, true)]
    [InlineData("-DeleteEvents -DeleteRecordings -KeepPerson",
        "?delete_events=true&delete_recordings=true&keep_person=true", true, true)]
    [InlineData("-DeleteEvents:$false -DeleteRecordings", "?delete_recordings=true", false, false)]
    public void Remove_PHPerson_sends_only_the_flags_that_are_on(
        string switches, string query, bool kept, bool eventsQueued)
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke($"Remove-PHPerson -Uuid $args[0] {switches} -Confirm:$false", null, person.Uuid);

        Assert.Empty(result.Errors);
        ServerRequest request = Assert.Single(_server.Requests());
        Assert.Equal(("DELETE", $"/api/projects/1/persons/{person.Uuid}/{query}", (string)null),
            (request.Method, request.PathAndQuery, request.Body));
        Assert.Equal(kept, _server.Person(person.Uuid) != null);
        Assert.Equal(eventsQueued, _server.QueuedDeletions("events").Contains(person.Uuid));
        Assert.Equal(query.Contains("recordings"), _server.QueuedDeletions("recordings").Contains(person.Uuid));
    }

    [Fact]
    public void Remove_PHPerson_PassThru_says_deleted_and_what_was_queued()
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -Uuid $args[0] | Remove-PHPerson -DeleteEvents -Force -PassThru", null, person.Uuid);

        var change = (PHPersonChange)Assert.Single(result.Output).BaseObject;
        Assert.Equal((PHPersonAction.DeletePerson, PHChangeStatus.Deleted, true, false, 202),
            (change.Action, change.Status, change.EventsQueued, change.RecordingsQueued, change.StatusCode));
        Assert.Equal($"DELETE /api/projects/1/persons/{person.Uuid}/?delete_events=true", change.Request);
        Assert.Null(_server.Person(person.Uuid));
        JsonElement entry = _server.Activity().Single(a => a.GetProperty("activity").GetString() == "deleted");
        Assert.Equal(person.Uuid, entry.GetProperty("detail").GetProperty("name").GetString());
    }

    [Fact]
    public void An_unknown_person_is_a_non_terminating_PersonNotFound_and_the_others_are_deleted()
    {
        List<ServerPerson> persons = _server.Newest(2);

        ScriptResult result = _shell.Invoke(
            "$args | Remove-PHPerson -Force -ErrorAction Continue", null, persons[0].Uuid, Missing, persons[1].Uuid);

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("PersonNotFound,PostHogPersons.Commands.RemovePHPersonCommand", error.FullyQualifiedErrorId);
        Assert.Equal(Missing, error.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.All(persons, p => Assert.Null(_server.Person(p.Uuid)));
        Assert.Equal(3, _server.Requests().Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public void Without_Force_a_session_that_cannot_prompt_gets_ConfirmationRequired_and_nothing_is_sent()
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke("Remove-PHPerson -Uuid $args[0]", null, person.Uuid);

        Assert.Equal(new[] { "ConfirmationRequired,PostHogPersons.Commands.RemovePHPersonCommand" }, result.ErrorIds);
        Assert.Contains("-Force", result.Errors[0].Exception.Message);
        Assert.Empty(_server.Requests());
        Assert.NotNull(_server.Person(person.Uuid));
    }

    [Theory]
    [InlineData("-WhatIf")]
    [InlineData("-Force -WhatIf")]
    public void WhatIf_sends_nothing_even_with_Force(string switches)
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke(
            $"Remove-PHPerson -Uuid $args[0] {switches}; Remove-PHPersonEvent -Uuid $args[0] {switches}; "
            + $"Remove-PHPersonRecording -Uuid $args[0] {switches}; "
            + $"Split-PHPerson -Uuid $args[0] -MainDistinctId x {switches}",
            null, person.Uuid);

        Assert.Empty(result.Errors);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void WhatIfPreference_is_honoured_with_Force()
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke(
            "$WhatIfPreference = $true; Remove-PHPerson -Uuid $args[0] -Force; $WhatIfPreference = $false", null, person.Uuid);

        Assert.Empty(result.Errors);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void KeepPerson_alone_is_refused_before_any_request()
    {
        ServerPerson person = _server.Newest(1)[0];

        ScriptResult result = _shell.Invoke("Remove-PHPerson -Uuid $args[0] -KeepPerson -Force", null, person.Uuid);

        Assert.Equal(new[] { "NothingToDelete,PostHogPersons.Commands.RemovePHPersonCommand" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Theory]
    [InlineData("Remove-PHPersonEvent", "delete_events", "events", PHPersonAction.DeleteEvents)]
    [InlineData("Remove-PHPersonRecording", "delete_recordings", "recordings", PHPersonAction.DeleteRecordings)]
    public void Event_and_recording_deletion_is_queued_and_the_person_stays(
        string cmdlet, string action, string kind, PHPersonAction expected)
    {
        List<ServerPerson> persons = _server.Newest(2);

        ScriptResult result = _shell.Invoke(
            $"Get-PHPerson -First 2 | {cmdlet} -Force", null);

        Assert.Empty(result.Errors);
        Assert.Equal(
            persons.Select(p => ("POST", $"/api/projects/1/persons/{p.Uuid}/{action}/", (string)null))
                .OrderBy(r => r.Item2, StringComparer.Ordinal),
            _server.Requests().Where(r => r.Method == "POST")
                .Select(r => (r.Method, r.PathAndQuery, r.Body)).OrderBy(r => r.PathAndQuery, StringComparer.Ordinal));
        Assert.Equal(persons.Select(p => p.Uuid), result.Output.Select(o => ((PHPersonChange)o.BaseObject).Uuid));
        Assert.All(result.Output, o =>
        {
            var change = (PHPersonChange)o.BaseObject;
            Assert.Equal((expected, PHChangeStatus.Queued, 202), (change.Action, change.Status, change.StatusCode));
        });
        Assert.Equal(persons.Select(p => p.Uuid).Order(), _server.QueuedDeletions(kind).Order());
        Assert.All(persons, p => Assert.NotNull(_server.Person(p.Uuid)));
    }

    [Fact]
    public void Event_deletion_for_an_unknown_person_is_PersonNotFound()
    {
        ScriptResult result = _shell.Invoke("Remove-PHPersonEvent -Uuid $args[0] -Confirm:$false -ErrorAction Continue",
            null, Missing);

        Assert.Equal(new[] { "PersonNotFound,PostHogPersons.Commands.RemovePHPersonEventCommand" }, result.ErrorIds);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Deletes_count_against_the_delete_rate_bucket()
    {
        Assert.Equal(Client.RateBucket.PersonsDelete,
            Client.PersonRequests.Delete(Connection(), "x", false, false, false).Bucket);
        Assert.Equal(Client.RateBucket.PersonsDelete, Client.PersonRequests.DeleteEvents(Connection(), "x").Bucket);
        Assert.Equal(Client.RateBucket.PersonsDelete, Client.PersonRequests.DeleteRecordings(Connection(), "x").Bucket);
        Assert.Equal(Client.RateBucket.PersonsRead,
            Client.PersonRequests.DeleteProperty(Connection(), "x", "k").Bucket);
    }

    private static Client.PostHogConnection Connection() =>
        new(new Uri("https://ph.example.test/"), 1, ClientFactory.Secure("phx_k"));
}
