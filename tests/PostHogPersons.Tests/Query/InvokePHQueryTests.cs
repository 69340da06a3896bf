using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Query;

/// <summary>Invoke-PHQuery in a hosted runspace against the local server's query endpoint.</summary>
public sealed class InvokePHQueryTests : IDisposable
{
    private const string QueryPath = "/api/projects/1/query/";
    private const string Id = "PostHogPersons.Commands.InvokePHQueryCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly List<JsonElement> _personsById;

    public InvokePHQueryTests()
    {
        _server.Reset(250);
        _shell.Connect(_server);
        _personsById = PersonsById();
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    /// <summary>Every person as the list endpoint shows it, ordered by UUID (the query's ORDER BY id).</summary>
    private List<JsonElement> PersonsById()
    {
        return _server.Api("/api/projects/1/persons/?limit=50000").GetProperty("results").EnumerateArray()
            .OrderBy(p => p.GetProperty("uuid").GetString(), StringComparer.Ordinal).ToList();
    }

    private static string Body(string hogql) =>
        JsonSerializer.Serialize(new { query = new { kind = "HogQLQuery", query = hogql }, refresh = "blocking" });

    private static object Value(PSObject row, string name) => row.Properties[name].Value;

    [Fact]
    public void Rows_carry_the_columns_as_properties_with_values_converted_by_their_types()
    {
        List<JsonElement> expected = _personsById.Take(5).ToList();
        const string hogql = "SELECT id, properties.email AS email, created_at, is_identified, properties.age AS age, "
            + "properties FROM persons ORDER BY id LIMIT 5";

        ScriptResult result = _shell.Invoke("Invoke-PHQuery $args[0]", null, hogql);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(5, result.Output.Count);
        for (int i = 0; i < 5; i++)
        {
            PSObject row = result.Output[i];
            JsonElement person = expected[i];
            JsonElement properties = person.GetProperty("properties");
            Assert.Equal(
                new[] { "id", "email", "created_at", "is_identified", "age", "properties" },
                row.Properties.Select(p => p.Name));
            Assert.Equal(person.GetProperty("uuid").GetString(), Value(row, "id"));
            Assert.Equal(properties.TryGetProperty("email", out JsonElement email) ? email.GetString() : null, Value(row, "email"));
            Assert.Equal(DateTimeOffset.Parse(person.GetProperty("created_at").GetString()), Assert.IsType<DateTimeOffset>(Value(row, "created_at")));
            Assert.Equal(person.GetProperty("is_identified").GetBoolean(), Assert.IsType<bool>(Value(row, "is_identified")));
            Assert.Equal(properties.GetProperty("age").GetRawText(), Assert.IsType<string>(Value(row, "age")));
            var dictionary = Assert.IsType<PHPropertyDictionary>(Value(row, "properties"));
            Assert.Equal(properties.GetRawText(), dictionary.ToString());
        }

        ServerRequest request = Assert.Single(_server.Requests());
        Assert.Equal(("POST", QueryPath, Body(hogql), 200), (request.Method, request.PathAndQuery, request.Body, request.Status));
    }

    [Fact]
    public void Count_comes_back_as_a_long_in_a_column_named_like_the_expression()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT count() FROM persons'");

        Assert.Empty(result.Errors);
        PSObject row = Assert.Single(result.Output);
        Assert.Equal(250L, Assert.IsType<long>(Value(row, "count()")));
    }

    [Fact]
    public void Without_All_a_query_without_LIMIT_returns_PostHogs_first_100_rows_and_warns()
    {
        List<string> expected = _personsById.Take(100).Select(p => p.GetProperty("uuid").GetString()).ToList();

        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons ORDER BY id'");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output.Select(r => (string)Value(r, "id")));
        Assert.Equal(
            new[]
            {
                "PostHog returned only the first 100 rows of this query; more rows match. "
                + "Add -All to read every row, or give the query a LIMIT (up to 50,000).",
            },
            result.Warnings);
        Assert.Single(_server.Requests());
    }

    [Fact]
    public void All_pages_with_LIMIT_and_OFFSET_until_a_page_comes_back_short()
    {
        List<string> expected = _personsById.Select(p => p.GetProperty("uuid").GetString()).ToList();
        const string hogql = "SELECT id FROM persons ORDER BY id";

        ScriptResult result = _shell.Invoke("Invoke-PHQuery $args[0] -All -PageSize 100", null, hogql + ";\n");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(expected, result.Output.Select(r => (string)Value(r, "id")));
        Assert.Equal(
            new[]
            {
                Body(hogql + "\nLIMIT 100 OFFSET 0"),
                Body(hogql + "\nLIMIT 100 OFFSET 100"),
                Body(hogql + "\nLIMIT 100 OFFSET 200"),
            },
            _server.Requests().Select(r => r.Body));
    }

    [Fact]
    public void All_without_ORDER_BY_warns_that_pages_may_overlap()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons' -All -PageSize 200");

        Assert.Empty(result.Errors);
        Assert.Equal(250, result.Output.Count);
        Assert.Equal(
            new[]
            {
                "-All reads the rows in pages with LIMIT and OFFSET. The query has no ORDER BY, so PostHog may "
                + "return rows in a different order on each page, repeating some and missing others. "
                + "Add ORDER BY on a unique column.",
            },
            result.Warnings);
    }

    [Fact]
    public void All_refuses_a_query_with_its_own_LIMIT_before_any_request()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons ORDER BY id LIMIT 10' -All");

        Assert.Equal(new[] { "QueryLimitConflict," + Id }, result.ErrorIds);
        Assert.Empty(result.Output);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Placeholders_with_quotes_and_unicode_arrive_intact_and_travel_in_values_not_in_the_sql()
    {
        const string hogql = "SELECT {irish} AS irish, {quoted} AS quoted, {german} AS german, {chinese} AS chinese, "
            + "{number} AS number";
        var values = new OrderedDictionary
        {
            ["irish"] = "O'Brien",
            ["quoted"] = "\"quoted\"",
            ["german"] = "Zoë",
            ["chinese"] = "李雷",
            ["number"] = 42,
        };

        ScriptResult result = _shell.Invoke("Invoke-PHQuery $args[0] -Parameter $args[1]", null, hogql, values);

        Assert.Empty(result.Errors);
        PSObject row = Assert.Single(result.Output);
        Assert.Equal(
            new object[] { "O'Brien", "\"quoted\"", "Zoë", "李雷", 42L },
            row.Properties.Select(p => p.Value));
        ServerRequest request = Assert.Single(_server.Requests());
        Assert.Equal(
            "{\"query\":{\"kind\":\"HogQLQuery\",\"query\":\"SELECT {irish} AS irish, {quoted} AS quoted, "
            + "{german} AS german, {chinese} AS chinese, {number} AS number\",\"values\":{\"irish\":\"O'Brien\","
            + "\"quoted\":\"\\\"quoted\\\"\",\"german\":\"Zoë\",\"chinese\":\"李雷\",\"number\":42}},\"refresh\":\"blocking\"}",
            request.Body);
    }

    [Fact]
    public void A_placeholder_in_WHERE_finds_the_same_persons_as_a_list_filter()
    {
        List<string> expected = _server.Api("/api/projects/1/persons/?limit=1000&properties="
                + Uri.EscapeDataString("[{\"key\":\"name\",\"value\":\"李雷\",\"type\":\"person\"}]"))
            .GetProperty("results").EnumerateArray().Select(p => p.GetProperty("uuid").GetString())
            .Order(StringComparer.Ordinal).ToList();

        ScriptResult result = _shell.Invoke(
            "Invoke-PHQuery 'SELECT id FROM persons WHERE properties.name = {name} ORDER BY id' -Parameter @{ name = '李雷' }");

        Assert.Empty(result.Errors);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Output.Select(r => (string)Value(r, "id")));
    }

    [Fact]
    public void A_query_PostHog_runs_asynchronously_is_polled_until_it_is_complete()
    {
        _server.Configure(new { queryAsync = true, queryCompleteAfterPolls = 2 });
        List<string> expected = _personsById.Take(3).Select(p => p.GetProperty("uuid").GetString()).ToList();

        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons ORDER BY id LIMIT 3'");

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output.Select(r => (string)Value(r, "id")));
        List<ServerRequest> requests = _server.Requests();
        Assert.Equal(("POST", QueryPath, 202), (requests[0].Method, requests[0].Path, requests[0].Status));
        string poll = requests[1].Path;
        Assert.Matches("^/api/projects/1/query/[0-9a-f]{32}/$", poll);
        Assert.Equal(
            new[] { ("GET", poll, 202), ("GET", poll, 202), ("GET", poll, 200) },
            requests.Skip(1).Select(r => (r.Method, r.Path, r.Status)));
    }

    [Fact]
    public void An_async_query_that_never_completes_is_QueryTimedOut_and_cancelled_never_an_empty_result()
    {
        _server.Configure(new { queryAsync = true, queryCompleteAfterPolls = -1 });

        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons' -TimeoutSec 1");

        Assert.Empty(result.Output);
        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("QueryTimedOut," + Id, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        List<ServerRequest> requests = _server.Requests();
        string poll = requests[1].Path;
        Assert.StartsWith("The query did not complete within 1 s (PostHog query id ", error.Exception.Message);
        Assert.EndsWith(
            "); it was cancelled. Allow more time with -TimeoutSec, or make the query cheaper [HTTP 202 GET " + poll + "]",
            error.Exception.Message);
        Assert.Equal(("POST", QueryPath, 202), (requests[0].Method, requests[0].Path, requests[0].Status));
        Assert.True(requests.Count >= 3);
        Assert.All(requests.Skip(1).SkipLast(1), r => Assert.Equal(("GET", poll, 202), (r.Method, r.Path, r.Status)));
        Assert.Equal(("DELETE", poll, 200), (requests[^1].Method, requests[^1].Path, requests[^1].Status));
    }

    [Fact]
    public void An_async_query_that_fails_reports_PostHogs_error_message()
    {
        _server.Configure(new { queryAsync = true, queryCompleteAfterPolls = 0 });

        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT nope FROM persons'");

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("InvalidRequest," + Id, error.FullyQualifiedErrorId);
        string poll = _server.Requests()[1].Path;
        Assert.Equal($"Unable to resolve field: nope [HTTP 400 GET {poll}]", error.Exception.Message);
    }

    [Fact]
    public void A_key_without_query_read_is_PermissionDenied_naming_the_scope()
    {
        _shell.Connect(_server, TestServer.ReadKey);

        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons'");

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("PermissionDenied," + Id, error.FullyQualifiedErrorId);
        Assert.Equal("API key missing required scope 'query:read' [HTTP 403 POST /api/projects/1/query/]", error.Exception.Message);
    }

    [Fact]
    public void A_key_with_query_read_may_query()
    {
        _server.AddKey("phx_test_query", "query:read");
        _shell.Connect(_server, "phx_test_query");

        ScriptResult result = _shell.Invoke("(Invoke-PHQuery 'SELECT count() AS n FROM persons').n");

        Assert.Empty(result.Errors);
        Assert.Equal(250L, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_HogQL_error_is_InvalidRequest_with_PostHogs_detail()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT nope FROM persons'");

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.Equal("InvalidRequest," + Id, error.FullyQualifiedErrorId);
        Assert.Equal("Unable to resolve field: nope [HTTP 400 POST /api/projects/1/query/]", error.Exception.Message);
    }

    [Fact]
    public void A_placeholder_name_that_HogQL_cannot_use_is_refused_before_any_request()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT {a b}' -Parameter @{ 'a b' = 1 }");

        Assert.Equal(new[] { "InvalidQueryParameter," + Id }, result.ErrorIds);
        Assert.Empty(_server.Requests());
    }

    [Fact]
    public void Queries_in_parallel_runspaces_keep_at_most_three_in_flight_so_none_is_throttled()
    {
        _server.AddFault(new { kind = "delay", delayMs = 300, pathContains = "/query/", times = -1 });

        ScriptResult result = _shell.Invoke(
            "$module = $args[0]; 1..6 | ForEach-Object -ThrottleLimit 6 -Parallel { "
            + "Import-Module $using:module; (Invoke-PHQuery \"SELECT $_ AS n\").n }",
            null, HostedPowerShell.ModulePath);

        Assert.Empty(result.Errors);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, result.Output.Select(o => (long)o.BaseObject).Order());
        List<ServerRequest> requests = _server.Requests();
        Assert.Equal(6, requests.Count);
        Assert.All(requests, r => Assert.Equal(("POST", 200), (r.Method, r.Status)));
    }
}
