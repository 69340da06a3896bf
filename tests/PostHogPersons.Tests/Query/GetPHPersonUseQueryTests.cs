using System.Management.Automation;
using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Query;

/// <summary>Get-PHPerson -UseQuery: the keyset export through the query endpoint.</summary>
public sealed class GetPHPersonUseQueryTests : IDisposable
{
    private const string Id = "PostHogPersons.Commands.GetPHPersonCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly List<JsonElement> _personsById;

    public GetPHPersonUseQueryTests()
    {
        _server.Reset(2000);
        _shell.Connect(_server);
        _personsById = PersonsById();
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private List<JsonElement> PersonsById()
    {
        return _server.Api("/api/projects/1/persons/?limit=50000").GetProperty("results").EnumerateArray()
            .OrderBy(p => p.GetProperty("uuid").GetString(), StringComparer.Ordinal).ToList();
    }

    private static List<string> Uuids(ScriptResult result) =>
        result.Output.Select(o => ((PHPerson)o.BaseObject).Uuid).ToList();

    [Theory]
    [InlineData("-Search zoë")]
    [InlineData("-Search 'USER-0001'")]
    [InlineData("-Search 'example.com' -Property @{ plan = 'pro' }")]
    [InlineData("-Property @{ plan = 'pro' }")]
    [InlineData("-Property @{ age = 30 }")]
    [InlineData("-Property @{ is_beta = $true }")]
    [InlineData("-Property @{ key = 'age'; operator = 'gt'; value = 40 }")]
    [InlineData("-Property @{ key = 'score'; operator = 'lte'; value = '0.5' }")]
    [InlineData("-Property @{ key = '$geoip_country_code'; operator = 'is_not'; value = 'DE' }")]
    [InlineData("-Property company")]
    [InlineData("-Property @{ middle_name = $null }")]
    [InlineData("-Property @{ key = 'email'; operator = 'icontains'; value = 'DUBOIS' }")]
    [InlineData("-Property @{ key = 'name'; operator = 'not_icontains'; value = 'a' }")]
    [InlineData("-Property @{ key = 'name'; operator = 'regex'; value = '^Z' }")]
    [InlineData("-Property @{ key = 'username'; operator = 'not_regex'; value = '[0-9]' }")]
    [InlineData("-Property @{ key = 'plan'; operator = 'in'; value = 'pro', 'enterprise' }")]
    [InlineData("-Property @{ key = 'plan'; operator = 'not_in'; value = 'pro', 'enterprise' }")]
    [InlineData("-Property @{ key = 'tags'; operator = 'icontains'; value = 'beta' }")]
    public void A_filter_selects_the_same_persons_as_the_persons_list(string filter)
    {
        List<string> listed = Uuids(_shell.Invoke("Get-PHPerson " + filter)).Order(StringComparer.Ordinal).ToList();

        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery " + filter);

        Assert.Empty(result.Errors);
        Assert.NotEmpty(listed);
        Assert.Equal(listed, Uuids(result));
    }

    [Fact]
    public void Email_and_distinct_ids_select_the_same_persons_as_the_list_and_travel_as_values()
    {
        List<JsonElement> persons = _personsById;
        JsonElement target = persons.Where(p => p.GetProperty("properties").TryGetProperty("email", out _)).Skip(7).First();
        string email = target.GetProperty("properties").GetProperty("email").GetString();
        string[] ids = { persons[3].GetProperty("distinct_ids")[0].GetString(), persons[9].GetProperty("distinct_ids")[0].GetString() };

        ScriptResult byEmail = _shell.Invoke("Get-PHPerson -UseQuery -Email $args[0]", null, email);
        ScriptResult byIds = _shell.Invoke("Get-PHPerson -UseQuery -DistinctId $args[0], $args[1]", null, ids[0], ids[1]);

        Assert.Equal(new[] { target.GetProperty("uuid").GetString() }, Uuids(byEmail));
        Assert.Equal(new[] { persons[3].GetProperty("uuid").GetString(), persons[9].GetProperty("uuid").GetString() }, Uuids(byIds));
        List<ServerRequest> requests = _server.Requests();
        Assert.Equal(2, requests.Count);
        JsonElement first = JsonDocument.Parse(requests[0].Body).RootElement;
        Assert.Equal(
            "SELECT p.id AS id, any(p.created_at) AS created_at, any(p.is_identified) AS is_identified, "
            + "any(p.properties) AS properties, groupArray(pdi.distinct_id) AS distinct_ids "
            + "FROM persons AS p LEFT JOIN person_distinct_ids AS pdi ON pdi.person_id = p.id "
            + "WHERE p.properties.email = {email} GROUP BY p.id ORDER BY p.id ASC LIMIT 50000",
            first.GetProperty("query").GetProperty("query").GetString());
        Assert.Equal(JsonSerializer.Serialize(new { email }), first.GetProperty("query").GetProperty("values").GetRawText());
        JsonElement second = JsonDocument.Parse(requests[1].Body).RootElement.GetProperty("query");
        Assert.Contains(
            "WHERE p.id IN (SELECT person_id FROM person_distinct_ids WHERE distinct_id IN {distinct_ids}) GROUP BY",
            second.GetProperty("query").GetString());
        Assert.Equal(JsonSerializer.Serialize(new { distinct_ids = ids }), second.GetProperty("values").GetRawText());
    }

    [Fact]
    public void The_persons_are_the_same_objects_as_the_list_gives_ordered_by_id()
    {
        List<PHPerson> listed = _shell.Invoke("Get-PHPerson").Output.Select(o => (PHPerson)o.BaseObject)
            .OrderBy(p => p.Uuid, StringComparer.Ordinal).ToList();
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery -PageSize 700");

        Assert.Empty(result.Errors);
        List<PHPerson> exported = result.Output.Select(o => (PHPerson)o.BaseObject).ToList();
        Assert.Equal(listed.Select(Canonical), exported.Select(Canonical));
        Assert.Equal(
            new[] { "LIMIT 700", "LIMIT 700", "LIMIT 700" },
            _server.Requests().Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("query")
                .GetProperty("query").GetString()).Select(q => q[q.LastIndexOf("LIMIT", StringComparison.Ordinal)..]));
        Assert.Equal(3, _server.Requests().Count);
    }

    /// <summary>Every field the export fills, as one comparable line.</summary>
    internal static string Canonical(PHPerson person) => string.Join("|",
        person.Uuid, person.Name, string.Join(",", person.DistinctIds), person.CreatedAt?.UtcTicks,
        person.IsIdentified, person.Properties.ToString(), person.ProjectId);

    [Fact]
    public void First_and_Skip_become_LIMIT_and_OFFSET_of_the_first_page()
    {
        List<string> expected = _personsById.Skip(10).Take(5).Select(p => p.GetProperty("uuid").GetString()).ToList();

        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery -Skip 10 -First 5");

        Assert.Equal(expected, Uuids(result));
        string query = JsonDocument.Parse(Assert.Single(_server.Requests()).Body).RootElement
            .GetProperty("query").GetProperty("query").GetString();
        Assert.EndsWith("GROUP BY p.id ORDER BY p.id ASC LIMIT 5 OFFSET 10", query);
    }

    [Fact]
    public void IncludeTotalCount_asks_for_a_count_first()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery -IncludeTotalCount -First 3 -Property @{ plan = 'pro' }");

        int total = _server.Api("/api/projects/1/persons/?limit=1&include_total=1&properties="
            + Uri.EscapeDataString("[{\"key\":\"plan\",\"value\":\"pro\",\"type\":\"person\"}]")).GetProperty("count").GetInt32();
        Assert.Equal(4, result.Output.Count);
        Assert.Equal((ulong)total, result.Output[0].BaseObject);
        string count = JsonDocument.Parse(_server.Requests()[0].Body).RootElement.GetProperty("query").GetProperty("query").GetString();
        Assert.Equal("SELECT count() AS total FROM persons AS p WHERE p.properties.plan IN {p0}", count);
    }

    [Theory]
    [InlineData("@{ key = 'signup_date'; operator = 'is_date_after'; value = '2025-01-01' }")]
    [InlineData("@{ key = 'age'; operator = 'gt'; value = 'old' }")]
    public void A_filter_without_a_HogQL_translation_is_refused_before_any_request(string filter)
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery -Property " + filter);

        Assert.Equal(new[] { "UnsupportedQueryFilter," + Id }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void A_key_without_query_read_is_PermissionDenied_naming_the_scope()
    {
        _shell.Connect(_server, TestServer.ReadKey);

        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery");

        Assert.Equal(new[] { "PermissionDenied," + Id }, result.ErrorIds);
        Assert.Equal("API key missing required scope 'query:read' [HTTP 403 POST /api/projects/1/query/]",
            result.Errors[0].Exception.Message);
    }

    [Fact]
    public void Persons_deleted_and_created_during_the_export_make_no_one_else_go_missing_or_repeat()
    {
        List<string> original = _personsById.Select(p => p.GetProperty("uuid").GetString()).ToList();
        string[] alreadyRead = original.Take(50).ToArray();
        const string script = """
            $base = $args[0]; $trigger = $args[1]; $victims = $args[2]; $done = $false
            Get-PHPerson -UseQuery -PageSize 100 | ForEach-Object {
                if (-not $done -and $_.Uuid -eq $trigger) {
                    $done = $true
                    $headers = @{ Authorization = 'Bearer phx_test_full' }
                    foreach ($uuid in $victims) {
                        Invoke-RestMethod -Method Delete -Uri "$base/api/projects/1/persons/$uuid/" -Headers $headers | Out-Null
                    }
                    $batch = 1..30 | ForEach-Object { @{ event = 'signed_up'; distinct_id = "late-$_"; properties = @{ '$set' = @{ plan = 'free' } } } }
                    $body = @{ api_key = 'phc_test_project_token'; batch = @($batch) } | ConvertTo-Json -Depth 5
                    Invoke-RestMethod -Method Post -Uri "$base/batch/" -Body $body -ContentType 'application/json' | Out-Null
                }
                $_
            }
            """;

        ScriptResult result = _shell.Invoke(script, null, _server.BaseUrl, original[50], alreadyRead);

        Assert.Empty(result.Errors);
        List<string> exported = Uuids(result);
        Assert.Equal(exported.Count, exported.Distinct().Count());
        Assert.Equal(original, exported.Where(original.Contains));
        Assert.Equal(exported.Order(StringComparer.Ordinal), exported);
        Assert.Equal(2000 - 50 + 30,
            _server.Api("/api/projects/1/persons/?limit=1&include_total=1").GetProperty("count").GetInt32());
    }
}
