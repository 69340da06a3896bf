using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>
/// Get-PHPersonPropertyTimeline, Get-PHPersonCohort, Get-PHPersonPropertyValue,
/// Get-PHPersonDeletionStatus and Reset-PHPersonDistinctId against the local server.
/// </summary>
public sealed class PersonSideEndpointTests : IDisposable
{
    private const string Persons = "/api/projects/1/persons/";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly List<JsonElement> _all;

    public PersonSideEndpointTests()
    {
        _server.Reset(800);
        _all = _server.Api(Persons + "?limit=50000").GetProperty("results").EnumerateArray().ToList();
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private static string Uuid(JsonElement person) => person.GetProperty("uuid").GetString();

    private static string Plan(JsonElement person) =>
        person.GetProperty("properties").TryGetProperty("plan", out JsonElement plan) ? plan.GetString() : null;

    private static string Json(object value) =>
        JsonSerializer.Serialize(JsonDocument.Parse(value.ToString()).RootElement);

    [Fact]
    public void Timeline_points_are_what_the_server_answers_and_end_with_the_persons_properties()
    {
        JsonElement person = _all.First(p => Plan(p) == "pro"
            && DateTime.Parse(p.GetProperty("created_at").GetString()).Year == 2024);
        string query = "?events=%5B%7B%22id%22%3A%22%24pageview%22%2C%22type%22%3A%22events%22%2C%22order%22%3A0%7D%5D"
            + "&properties=%5B%7B%22key%22%3A%22plan%22%2C%22value%22%3A%22pro%22%2C%22operator%22%3A%22exact%22%2C"
            + "%22type%22%3A%22person%22%7D%5D&date_from=2024-01-01&date_to=2025-12-31";
        string path = $"{Persons}{Uuid(person)}/properties_timeline/{query}";
        JsonElement expected = _server.Api(path);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "Get-PHPersonPropertyTimeline -Uuid $args[0] -Event '$pageview' -Property @{ plan = 'pro' } "
            + "-DateFrom 2024-01-01 -DateTo (Get-Date -Year 2025 -Month 12 -Day 31).Date", null, Uuid(person));

        Assert.Empty(result.Errors);
        var timeline = (PHPropertyTimeline)Assert.Single(result.Output).BaseObject;
        Assert.Equal(path, Assert.Single(_server.Requests()).PathAndQuery);
        Assert.Equal(Uuid(person), timeline.Uuid);
        Assert.Null(timeline.Id);
        Assert.Equal(new[] { "plan" }, timeline.CrucialPropertyKeys);
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:00+00:00"), timeline.EffectiveDateFrom);
        Assert.Equal(DateTimeOffset.Parse("2025-12-31T23:59:59.999999+00:00"), timeline.EffectiveDateTo);
        List<JsonElement> points = expected.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, points.Count);
        Assert.Equal(points.Select(p => DateTimeOffset.Parse(p.GetProperty("timestamp").GetString())),
            timeline.Points.Select(p => p.Timestamp.Value));
        Assert.Equal(points.Select(p => p.GetProperty("relevant_event_count").GetInt64()),
            timeline.Points.Select(p => p.RelevantEventCount));
        Assert.Equal(points.Select(p => JsonSerializer.Serialize(p.GetProperty("properties"))),
            timeline.Points.Select(p => Json(p.Properties)));
        Assert.False(timeline.Points[0].Properties.ContainsKey("plan"));
        Assert.Equal(JsonSerializer.Serialize(person.GetProperty("properties")), Json(timeline.Points[1].Properties));
    }

    [Fact]
    public void Timeline_by_integer_id_from_the_pipeline_and_unknown_persons_reported_one_by_one()
    {
        JsonElement record = _server.Api($"{Persons}{Uuid(_all[10])}/");
        long id = record.GetProperty("id").GetInt64();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "[pscustomobject]@{ PersonId = $args[0] }, [pscustomobject]@{ PersonId = 987654 } | "
            + "Get-PHPersonPropertyTimeline -DateFrom 2025-01-01 -DateTo 2025-01-31 -ErrorAction Continue", null, id);

        var timeline = (PHPropertyTimeline)Assert.Single(result.Output).BaseObject;
        Assert.Equal(id, timeline.Id);
        Assert.Empty(timeline.CrucialPropertyKeys);
        Assert.True(timeline.Points.Count <= 1);
        Assert.Equal(new[] { "PersonNotFound,PostHogPersons.Commands.GetPHPersonPropertyTimelineCommand" }, result.ErrorIds);
        Assert.Equal("987654", result.Errors[0].TargetObject);
        Assert.Equal(
            new[]
            {
                $"{Persons}{id}/properties_timeline/?date_from=2025-01-01&date_to=2025-01-31",
                $"{Persons}987654/properties_timeline/?date_from=2025-01-01&date_to=2025-01-31",
            },
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData("Get-PHPersonPropertyTimeline", "PersonRequired,PostHogPersons.Commands.GetPHPersonPropertyTimelineCommand")]
    [InlineData("Get-PHPersonCohort", "PersonRequired,PostHogPersons.Commands.GetPHPersonCohortCommand")]
    [InlineData("Get-PHPersonCohort -Uuid user-000001", "InvalidPersonUuid,PostHogPersons.Commands.GetPHPersonCohortCommand")]
    [InlineData("Get-PHPersonDeletionStatus -Uuid nope", "InvalidPersonUuid,PostHogPersons.Commands.GetPHPersonDeletionStatusCommand")]
    [InlineData("Reset-PHPersonDistinctId -DistinctId ' ' -Confirm:$false", "InvalidDistinctId,PostHogPersons.Commands.ResetPHPersonDistinctIdCommand")]
    [InlineData("Get-PHPersonPropertyValue -Key ''", "ParameterArgumentValidationError,PostHogPersons.Commands.GetPHPersonPropertyValueCommand")]
    public void A_missing_or_malformed_person_is_refused_before_any_request(string script, string errorId)
    {
        ScriptResult result = _shell.Invoke(script + " -ErrorAction Continue");

        Assert.Equal(new[] { errorId }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Cohorts_of_a_person_match_the_server_and_the_seeded_properties()
    {
        JsonElement person = _all.First(p => Plan(p) == "pro");
        string path = $"{Persons}cohorts/?person_id={Uuid(person)}";
        JsonElement expected = _server.Api(path);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPerson -Uuid $args[0] | Get-PHPersonCohort", null, Uuid(person));

        Assert.Empty(result.Errors);
        var cohorts = result.Output.Select(o => (PHPersonCohort)o.BaseObject).ToList();
        Assert.Equal(
            expected.GetProperty("results").EnumerateArray().Select(c =>
                (c.GetProperty("id").GetInt64(), c.GetProperty("name").GetString(), c.GetProperty("count").GetInt64())),
            cohorts.Select(c => (c.CohortId, c.Name, c.Count.Value)));
        PHPersonCohort pro = cohorts.Single(c => c.Name == "Pro plan");
        Assert.Equal(_all.Count(p => Plan(p) == "pro"), pro.Count);
        Assert.DoesNotContain(cohorts, c => c.Name == "Enterprise customers");
        Assert.All(cohorts, c => Assert.Equal(Uuid(person), c.PersonUuid));
        Assert.Equal(path, _server.Requests()[1].PathAndQuery);
    }

    [Fact]
    public void Cohorts_by_integer_id_and_an_unknown_person()
    {
        long id = _server.Api($"{Persons}{Uuid(_all[3])}/").GetProperty("id").GetInt64();
        JsonElement expected = _server.Api($"{Persons}cohorts/?person_id={id}");
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPersonCohort -Id $args[0], 999999 -ErrorAction Continue", null, id);

        Assert.Equal(expected.GetProperty("results").GetArrayLength(), result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(id, ((PHPersonCohort)o.BaseObject).PersonId));
        Assert.Equal(new[] { "PersonNotFound,PostHogPersons.Commands.GetPHPersonCohortCommand" }, result.ErrorIds);
        Assert.Equal(
            new[] { $"{Persons}cohorts/?person_id={id}", $"{Persons}cohorts/?person_id=999999" },
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Property_values_are_the_seeds_counts_most_common_first()
    {
        List<(string, long)> expected = _all.Select(Plan).Where(p => p != null)
            .GroupBy(p => p).Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

        ScriptResult result = _shell.Invoke("Get-PHPersonPropertyValue plan");
        ScriptResult filtered = _shell.Invoke("Get-PHPersonPropertyValue -Key plan -Value PR");

        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => (PHPersonPropertyValue)o.BaseObject).ToList();
        Assert.Equal(expected, values.Select(v => ((string)v.Value, v.Count.Value)));
        Assert.All(values, v => Assert.Equal("plan", v.Key));
        Assert.Equal(expected.Where(e => e.Item1.Contains("pr")),
            filtered.Output.Select(o => ((string)((PHPersonPropertyValue)o.BaseObject).Value, ((PHPersonPropertyValue)o.BaseObject).Count.Value)));
        Assert.Equal(new[] { "?key=plan", "?key=plan&value=PR" }, _server.Requests().Select(r => r.Query));
    }

    [Fact]
    public void Deletion_statuses_page_by_limit_and_offset_and_filter_by_person_and_status()
    {
        List<string> deleted = _all.Take(5).Select(Uuid).ToList();
        foreach (string uuid in deleted)
        {
            Assert.Equal(202, _server.ApiSend(HttpMethod.Delete, $"{Persons}{uuid}/?delete_events=true"));
        }

        List<string> expected = _server.Api(Persons + "deletion_status/?limit=100").GetProperty("results")
            .EnumerateArray().Select(r => r.GetProperty("person_uuid").GetString()).ToList();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPersonDeletionStatus -PageSize 2");
        ScriptResult one = _shell.Invoke("$args[0] | Get-PHPersonDeletionStatus -Status pending", null, deleted[2]);
        ScriptResult completed = _shell.Invoke("Get-PHPersonDeletionStatus -Status completed");

        Assert.Empty(result.Errors);
        var rows = result.Output.Select(o => (PHPersonDeletion)o.BaseObject).ToList();
        Assert.Equal(deleted.AsEnumerable().Reverse(), expected);
        Assert.Equal(expected, rows.Select(r => r.PersonUuid));
        Assert.All(rows, r => Assert.Equal("pending", r.Status));
        Assert.All(rows, r => Assert.Null(r.DeleteVerifiedAt));
        Assert.Equal(deleted[2], ((PHPersonDeletion)Assert.Single(one.Output).BaseObject).PersonUuid);
        Assert.Empty(completed.Output);
        Assert.Equal(
            new[]
            {
                $"{Persons}deletion_status/?limit=2",
                $"{Persons}deletion_status/?limit=2&offset=2",
                $"{Persons}deletion_status/?limit=2&offset=4",
                $"{Persons}deletion_status/?status=pending&person_uuid={deleted[2]}",
                $"{Persons}deletion_status/?status=completed",
            },
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void Completed_deletions_carry_the_time_PostHog_verified_them()
    {
        _server.Configure(new { deletionCompleteDelayMs = 0 });
        Assert.Equal(202, _server.ApiSend(HttpMethod.Delete, $"{Persons}{Uuid(_all[0])}/?delete_events=true"));

        ScriptResult result = _shell.Invoke("Get-PHPersonDeletionStatus -Status completed");

        var row = (PHPersonDeletion)Assert.Single(result.Output).BaseObject;
        Assert.Equal("completed", row.Status);
        Assert.NotNull(row.DeleteVerifiedAt);
        Assert.True(row.DeleteVerifiedAt >= row.CreatedAt);
    }

    [Fact]
    public void Reset_posts_each_distinct_id_and_writes_nothing()
    {
        ScriptResult result = _shell.Invoke(
            "Reset-PHPersonDistinctId -DistinctId 'user-000001', 'ada@example.com' -Confirm:$false; "
            + "[pscustomobject]@{ distinct_id = 'Zoë' } | Reset-PHPersonDistinctId -Confirm:$false");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        List<ServerRequest> requests = _server.Requests();
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal(Persons + "reset_person_distinct_id/", r.Path);
            Assert.Equal(202, r.Status);
        });
        Assert.Equal(
            new[] { "{\"distinct_id\":\"user-000001\"}", "{\"distinct_id\":\"ada@example.com\"}", "{\"distinct_id\":\"Zoë\"}" },
            requests.Select(r => r.Body));
    }

    [Fact]
    public void Reset_with_WhatIf_sends_nothing()
    {
        ScriptResult result = _shell.Invoke("Reset-PHPersonDistinctId -DistinctId 'user-000001' -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Rows_with_only_a_person_id_bind_to_Id_and_persons_given_to_Uuid_give_their_uuids()
    {
        JsonElement record = _server.Api($"{Persons}{Uuid(_all[4])}/");
        string id = record.GetProperty("id").GetInt64().ToString();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "$rows = 'PersonId', $args[0] | ConvertFrom-Csv; "
            + "($rows | Get-PHPerson).Uuid; ($rows | Get-PHPersonCohort).PersonId; "
            + "(Get-PHPersonCohort -Uuid (Get-PHPerson -First 2) | Select-Object -First 1).PersonUuid",
            null, id);

        Assert.Empty(result.Errors);
        Assert.Equal(Uuid(_all[4]), result.Output[0].ToString());
        Assert.All(result.Output.Skip(1).Take(result.Output.Count - 2), o => Assert.Equal(id, o.ToString()));
        Assert.Equal(Uuid(_all[0]), result.Output[^1].ToString());
        Assert.Equal(
            new[] { $"{Persons}{id}/", $"{Persons}cohorts/?person_id={id}" },
            _server.Requests().Take(2).Select(r => r.PathAndQuery));
    }
}
