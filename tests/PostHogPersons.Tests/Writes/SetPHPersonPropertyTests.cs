using System.Management.Automation;
using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Writes;

/// <summary>Set-PHPersonProperty against the local PostHog server.</summary>
public sealed class SetPHPersonPropertyTests : IDisposable
{
    private const string Cmdlet = "PostHogPersons.Commands.SetPHPersonPropertyCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public SetPHPersonPropertyTests()
    {
        _server.Reset(20);
        _shell.Connect(_server, extra: "-ProjectToken phc_test_project_token");
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private static string Canonical(JsonElement json) => JsonSerializer.Serialize(json);

    [Fact]
    public void Property_sends_one_PATCH_with_nested_values_at_full_depth_and_null_as_json_null()
    {
        string uuid = _server.Newest(1)[0].Uuid;

        ScriptResult result = _shell.Invoke(
            "Set-PHPersonProperty -Uuid $args[0] -Property ([ordered]@{ plan = 'pro'; gone = $null; "
            + "company = [ordered]@{ name = 'Acme'; tags = @('a', [ordered]@{ deep = @(1, 2.5, $true) }) } })",
            null, uuid);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        ServerRequest request = Assert.Single(_server.Requests());
        Assert.Equal("PATCH", request.Method);
        Assert.Equal($"/api/projects/1/persons/{uuid}/", request.PathAndQuery);
        Assert.Equal(
            "{\"properties\":{\"plan\":\"pro\",\"gone\":null,\"company\":{\"name\":\"Acme\","
            + "\"tags\":[\"a\",{\"deep\":[1,2.5,true]}]}}}",
            request.Body);
        JsonElement stored = _server.StoredProperties(uuid).Value;
        Assert.Equal("pro", stored.GetProperty("plan").GetString());
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("gone").ValueKind);
        Assert.Equal("{\"name\":\"Acme\",\"tags\":[\"a\",{\"deep\":[1,2.5,true]}]}",
            Canonical(stored.GetProperty("company")));
    }

    [Fact]
    public void Name_and_Value_send_update_property_and_a_null_value_stays_null()
    {
        string uuid = _server.Newest(1)[0].Uuid;

        ScriptResult result = _shell.Invoke(
            "Set-PHPersonProperty -Uuid $args[0] -Name middle_name -Value $null; "
            + "Set-PHPersonProperty -Uuid $args[0] -Name prefs -Value @{ mail = @{ weekly = $false } }",
            null, uuid);

        Assert.Empty(result.Errors);
        Assert.Equal(
            new[]
            {
                ("POST", $"/api/projects/1/persons/{uuid}/update_property/", "{\"key\":\"middle_name\",\"value\":null}"),
                ("POST", $"/api/projects/1/persons/{uuid}/update_property/",
                    "{\"key\":\"prefs\",\"value\":{\"mail\":{\"weekly\":false}}}"),
            },
            _server.Requests().Select(r => (r.Method, r.PathAndQuery, r.Body)));
        JsonElement stored = _server.StoredProperties(uuid).Value;
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("middle_name").ValueKind);
        Assert.Equal("{\"mail\":{\"weekly\":false}}", Canonical(stored.GetProperty("prefs")));
    }

    [Fact]
    public void PassThru_says_what_was_sent_and_that_PostHog_accepted_it()
    {
        string uuid = _server.Newest(1)[0].Uuid;

        ScriptResult result = _shell.Invoke(
            "Set-PHPersonProperty -Uuid $args[0] -Property @{ plan = 'pro'; seats = 3 } -PassThru", null, uuid);

        var change = (PHPersonChange)Assert.Single(result.Output).BaseObject;
        Assert.Equal(uuid, change.Uuid);
        Assert.Equal(PHPersonAction.SetProperties, change.Action);
        Assert.Equal(PHChangeStatus.Accepted, change.Status);
        Assert.Equal(202, change.StatusCode);
        Assert.Equal($"PATCH /api/projects/1/persons/{uuid}/", change.Request);
        Assert.Equal("pro", change.Properties["plan"]);
        Assert.Equal(3L, change.Properties["seats"]);
        Assert.Single(_server.Requests());
    }

    [Fact]
    public void Persons_arrive_from_the_pipeline_as_PHPerson_objects_and_csv_rows_with_uuid_or_id()
    {
        List<ServerPerson> persons = _server.Newest(3);
        long id = _server.Person(persons[2].Uuid).Value.GetProperty("id").GetInt64();

        ScriptResult result = _shell.Invoke(
            "$rows = @([pscustomobject]@{ uuid = $args[1] }, [pscustomobject]@{ uuid = ''; id = $args[2] }); "
            + "@(Get-PHPerson -Uuid $args[0]) + $rows | Set-PHPersonProperty -Property @{ batch = 7 } -PassThru",
            null, persons[0].Uuid, persons[1].Uuid, id.ToString());

        Assert.Empty(result.Errors);
        string[] expected =
        {
            $"/api/projects/1/persons/{persons[0].Uuid}/",
            $"/api/projects/1/persons/{persons[1].Uuid}/",
            $"/api/projects/1/persons/{id}/",
        };
        Assert.Equal(
            expected.Order(StringComparer.Ordinal),
            _server.Requests().Where(r => r.Method == "PATCH").Select(r => r.Path).Order(StringComparer.Ordinal));
        Assert.Equal(
            new object[] { persons[0].Uuid, persons[1].Uuid, null },
            result.Output.Select(o => (object)((PHPersonChange)o.BaseObject).Uuid));
        Assert.Equal(id, ((PHPersonChange)result.Output[2].BaseObject).Id);
        Assert.All(persons, p => Assert.Equal(7, _server.StoredProperties(p.Uuid).Value.GetProperty("batch").GetInt32()));
    }

    [Fact]
    public void Results_are_written_in_input_order_even_when_an_early_request_finishes_last()
    {
        List<ServerPerson> persons = _server.Newest(6);
        _server.AddFault(new { kind = "delay", delayMs = 400, method = "PATCH", pathContains = persons[0].Uuid });

        ScriptResult result = _shell.Invoke(
            "$args | Set-PHPersonProperty -Property @{ n = 1 } -PassThru -ThrottleLimit 6",
            null, persons.Select(p => (object)p.Uuid).ToArray());

        Assert.Empty(result.Errors);
        Assert.Equal(persons.Select(p => p.Uuid), result.Output.Select(o => ((PHPersonChange)o.BaseObject).Uuid));
        Assert.Equal(6, _server.Requests().Count);
    }

    [Fact]
    public void Hundreds_of_persons_read_in_chunks_come_out_complete_and_in_input_order()
    {
        _server.Reset(300);
        List<string> uuids = _server.Newest(300).Select(p => p.Uuid).Reverse().ToList();

        ScriptResult result = _shell.Invoke(
            "$args | Get-PHPerson -ThrottleLimit 3", null, uuids.Cast<object>().ToArray());

        Assert.Empty(result.Errors);
        Assert.Equal(uuids, result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid));
        Assert.Equal(300, _server.Requests().Count);
    }

    [Fact]
    public void WhatIf_sends_nothing()
    {
        List<ServerPerson> persons = _server.Newest(2);

        ScriptResult result = _shell.Invoke(
            "$args | Set-PHPersonProperty -Property @{ plan = 'pro' } -WhatIf; "
            + "$args | Set-PHPersonProperty -Property @{ plan = 'pro' } -UseCapture -DistinctId x -WhatIf",
            null, persons.Select(p => (object)p.Uuid).ToArray());

        Assert.Empty(result.Errors);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Bad_persons_are_refused_before_any_request_and_the_others_still_change()
    {
        string good = _server.Newest(1)[0].Uuid;

        ScriptResult result = _shell.Invoke(
            "'user-000001', [pscustomobject]@{ email = 'x' }, $args[0] | "
            + "Set-PHPersonProperty -Property @{ a = 1 } -ErrorAction Continue",
            null, good);

        Assert.Equal(
            new[] { $"InvalidPersonUuid,{Cmdlet}", $"PersonIdMissing,{Cmdlet}" },
            result.ErrorIds);
        Assert.Equal(new[] { $"/api/projects/1/persons/{good}/" }, _server.Requests().Select(r => r.Path));
    }

    [Fact]
    public void An_unknown_person_is_a_non_terminating_PersonNotFound()
    {
        string good = _server.Newest(1)[0].Uuid;
        const string missing = "00000000-0000-4000-8000-000000000009";

        ScriptResult result = _shell.Invoke(
            "$args | Set-PHPersonProperty -Name plan -Value free -PassThru -ErrorAction Continue", null, missing, good);

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal($"PersonNotFound,{Cmdlet}", error.FullyQualifiedErrorId);
        Assert.Equal(missing, error.TargetObject);
        Assert.Equal(good, ((PHPersonChange)Assert.Single(result.Output).BaseObject).Uuid);
    }

    [Fact]
    public void A_value_without_a_json_form_is_refused_before_any_request()
    {
        string uuid = _server.Newest(1)[0].Uuid;

        ScriptResult result = _shell.Invoke(
            "Set-PHPersonProperty -Uuid $args[0] -Property @{ ratio = [double]::NaN } -ErrorAction Continue", null, uuid);

        Assert.Equal(new[] { $"InvalidPropertyValue,{Cmdlet}" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void A_read_only_key_stops_the_command_with_PermissionDenied()
    {
        List<ServerPerson> persons = _server.Newest(3);
        _shell.Connect(_server, TestServer.ReadKey);

        ScriptResult result = _shell.Invoke(
            "$args | Set-PHPersonProperty -Property @{ a = 1 }", null, persons.Select(p => (object)p.Uuid).ToArray());

        Assert.Equal(new[] { $"PermissionDenied,{Cmdlet}" }, result.ErrorIds);
        Assert.Contains("person:write", result.Errors[0].Exception.Message);
    }
}

/// <summary>Set- and Remove-PHPersonProperty -UseCapture: $set and $unset through /batch/.</summary>
public sealed class CaptureWriteTests : IDisposable
{
    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public CaptureWriteTests()
    {
        _server.Reset(2500);
        _shell.Connect(_server, extra: "-ProjectToken phc_test_project_token");
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void Setting_2500_persons_sends_exactly_three_batches_without_the_API_key_and_the_server_applies_them()
    {
        ScriptResult result = _shell.Invoke(
            "Get-PHPerson | Set-PHPersonProperty -Property ([ordered]@{ migrated = $true; cohort = @{ wave = 2 } }) -UseCapture");

        Assert.Empty(result.Errors);
        List<ServerRequest> requests = _server.Requests().Where(r => r.Method == "POST").ToList();
        Assert.Equal(new[] { "/batch/", "/batch/", "/batch/" }, requests.Select(r => r.Path));
        Assert.All(requests, r => Assert.Null(r.Authorization));
        Assert.Equal(new[] { 1000, 1000, 500 }, requests.Select(r =>
            JsonDocument.Parse(r.Body).RootElement.GetProperty("batch").GetArrayLength()));
        JsonElement first = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal("phc_test_project_token", first.GetProperty("api_key").GetString());
        List<ServerPerson> persons = _server.Newest(2500);
        Assert.Equal(
            $"{{\"event\":\"$set\",\"distinct_id\":\"{persons[0].DistinctIds[0]}\","
            + "\"properties\":{\"$set\":{\"migrated\":true,\"cohort\":{\"wave\":2}}}}",
            first.GetProperty("batch")[0].GetRawText());
        Assert.All(persons, p =>
        {
            Assert.True(p.Properties.GetProperty("migrated").GetBoolean());
            Assert.Equal(2, p.Properties.GetProperty("cohort").GetProperty("wave").GetInt32());
        });
    }

    [Fact]
    public void Removing_by_capture_sends_one_unset_event_per_person()
    {
        List<ServerPerson> persons = _server.Newest(3);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -First 3 | Remove-PHPersonProperty -Name plan, age -UseCapture -PassThru");

        Assert.Empty(result.Errors);
        ServerRequest request = _server.Requests().Single(r => r.Path == "/batch/");
        Assert.Null(request.Authorization);
        Assert.Equal(
            "{\"api_key\":\"phc_test_project_token\",\"batch\":["
            + string.Join(",", persons.Select(p =>
                $"{{\"event\":\"$delete_person_property\",\"distinct_id\":\"{p.DistinctIds[0]}\","
                + "\"properties\":{\"$unset\":[\"plan\",\"age\"]}}"))
            + "]}",
            request.Body);
        Assert.Equal(persons.Select(p => p.DistinctIds[0]),
            result.Output.Select(o => ((PHPersonChange)o.BaseObject).DistinctId));
        Assert.All(result.Output, o => Assert.Equal("POST /batch/", ((PHPersonChange)o.BaseObject).Request));
        Assert.All(persons, p =>
        {
            JsonElement stored = _server.StoredProperties(p.Uuid).Value;
            Assert.False(stored.TryGetProperty("plan", out _));
            Assert.False(stored.TryGetProperty("age", out _));
        });
    }

    [Fact]
    public void Without_a_project_token_UseCapture_stops_before_any_request()
    {
        _shell.Connect(_server);
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "Set-PHPersonProperty -DistinctId user-000001 -Property @{ a = 1 } -UseCapture");

        Assert.Equal(
            new[] { "ProjectTokenMissing,PostHogPersons.Commands.SetPHPersonPropertyCommand" }, result.ErrorIds);
        Assert.Contains("-ProjectToken", result.Errors[0].Exception.Message);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Input_without_a_distinct_id_is_refused_before_any_request()
    {
        string uuid = _server.Newest(1)[0].Uuid;
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "[pscustomobject]@{ uuid = $args[0] } | Remove-PHPersonProperty -Name plan -UseCapture -ErrorAction Continue",
            null, uuid);

        Assert.Equal(
            new[] { "DistinctIdMissing,PostHogPersons.Commands.RemovePHPersonPropertyCommand" }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void A_wrong_project_token_stops_the_command_with_AuthenticationFailed()
    {
        _shell.Connect(_server, extra: "-ProjectToken phc_wrong");
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke(
            "Set-PHPersonProperty -DistinctId user-000001 -Property @{ a = 1 } -UseCapture");

        Assert.Equal(
            new[] { "AuthenticationFailed,PostHogPersons.Commands.SetPHPersonPropertyCommand" }, result.ErrorIds);
        Assert.StartsWith("Project API key invalid.", result.Errors[0].Exception.Message);
        Assert.DoesNotContain(result.AllText, text => text.Contains("phc_wrong"));
    }
}
