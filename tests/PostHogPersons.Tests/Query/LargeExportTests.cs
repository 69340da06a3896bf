using System.Text.Json;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Query;

/// <summary>Seeds 120,000 persons once for the tests that cross the query endpoint's 50,000-row cap.</summary>
public sealed class LargeSeed
{
    public const int Count = 120000;

    public LargeSeed()
    {
        TestServer.Shared.Reset(Count);
        SortedUuids = TestServer.Shared.Api("/api/projects/1/persons/?limit=50000&offset=0").GetProperty("results")
            .EnumerateArray()
            .Concat(TestServer.Shared.Api("/api/projects/1/persons/?limit=50000&offset=50000").GetProperty("results").EnumerateArray())
            .Concat(TestServer.Shared.Api("/api/projects/1/persons/?limit=50000&offset=100000").GetProperty("results").EnumerateArray())
            .Select(p => p.GetProperty("uuid").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every person's UUID, in the order of the query endpoint's ORDER BY id.</summary>
    public List<string> SortedUuids { get; }
}

/// <summary>Exports of 120,000 persons: the list against -UseQuery, and Invoke-PHQuery -All.</summary>
public sealed class LargeExportTests : IClassFixture<LargeSeed>, IDisposable
{
    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly LargeSeed _seed;

    public LargeExportTests(LargeSeed seed)
    {
        _seed = seed;
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private static string QueryText(ServerRequest request) =>
        JsonDocument.Parse(request.Body).RootElement.GetProperty("query").GetProperty("query").GetString();

    [Fact]
    public void UseQuery_exports_the_same_persons_as_the_list_with_over_ten_times_fewer_requests()
    {
        HashSet<string> listed = _shell.Invoke("Get-PHPerson -PageSize 1000").Output
            .Select(o => GetPHPersonUseQueryTests.Canonical((PHPerson)o.BaseObject)).ToHashSet();
        int listRequests = _server.Requests().Count;
        _server.ClearRequests();

        ScriptResult result = _shell.Invoke("Get-PHPerson -UseQuery");

        Assert.Empty(result.Errors);
        List<PHPerson> exported = result.Output.Select(o => (PHPerson)o.BaseObject).ToList();
        Assert.Equal(LargeSeed.Count, exported.Count);
        Assert.Equal(_seed.SortedUuids, exported.Select(p => p.Uuid));
        Assert.True(listed.SetEquals(exported.Select(GetPHPersonUseQueryTests.Canonical)));

        List<ServerRequest> requests = _server.Requests();
        Assert.Equal(121, listRequests);
        Assert.Equal(3, requests.Count);
        Assert.True(listRequests >= 10 * requests.Count);
        const string select = "SELECT p.id AS id, any(p.created_at) AS created_at, any(p.is_identified) AS is_identified, "
            + "any(p.properties) AS properties, groupArray(pdi.distinct_id) AS distinct_ids "
            + "FROM persons AS p LEFT JOIN person_distinct_ids AS pdi ON pdi.person_id = p.id ";
        const string page = "GROUP BY p.id ORDER BY p.id ASC LIMIT 50000";
        Assert.Equal(
            new[]
            {
                $"{{\"query\":{{\"kind\":\"HogQLQuery\",\"query\":\"{select}{page}\"}},\"refresh\":\"blocking\"}}",
                $"{{\"query\":{{\"kind\":\"HogQLQuery\",\"query\":\"{select}WHERE p.id > toUUID({{after}}) {page}\","
                    + $"\"values\":{{\"after\":\"{_seed.SortedUuids[49999]}\"}}}},\"refresh\":\"blocking\"}}",
                $"{{\"query\":{{\"kind\":\"HogQLQuery\",\"query\":\"{select}WHERE p.id > toUUID({{after}}) {page}\","
                    + $"\"values\":{{\"after\":\"{_seed.SortedUuids[99999]}\"}}}},\"refresh\":\"blocking\"}}",
            },
            requests.Select(r => r.Body));
        Assert.All(requests, r => Assert.Equal(("POST", "/api/projects/1/query/", 200), (r.Method, r.Path, r.Status)));
    }

    [Fact]
    public void Invoke_PHQuery_All_reads_past_the_50000_row_cap()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons ORDER BY id' -All | ForEach-Object id");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(_seed.SortedUuids, result.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(
            new[]
            {
                "SELECT id FROM persons ORDER BY id\nLIMIT 50000 OFFSET 0",
                "SELECT id FROM persons ORDER BY id\nLIMIT 50000 OFFSET 50000",
                "SELECT id FROM persons ORDER BY id\nLIMIT 50000 OFFSET 100000",
            },
            _server.Requests().Select(QueryText));
    }

    [Fact]
    public void A_LIMIT_above_50000_is_cut_by_PostHog_and_the_cut_is_reported()
    {
        ScriptResult result = _shell.Invoke("Invoke-PHQuery 'SELECT id FROM persons ORDER BY id LIMIT 60000' | ForEach-Object id");

        Assert.Empty(result.Errors);
        Assert.Equal(_seed.SortedUuids.Take(50000), result.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(
            new[]
            {
                "PostHog returns at most 50,000 rows per query, so LIMIT 60000 was cut to 50,000 rows. "
                + "Remove the LIMIT and add -All to read every row.",
            },
            result.Warnings);
    }
}
