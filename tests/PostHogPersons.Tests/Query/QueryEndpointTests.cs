using System.Text.Json;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Query;

/// <summary>The local server's query endpoint, spoken to directly over HTTP.</summary>
public sealed class QueryEndpointTests
{
    private readonly TestServer _server = TestServer.Shared;

    public QueryEndpointTests()
    {
        _server.Reset(150);
    }

    private static object Body(string hogql, object values = null) =>
        new { query = new { kind = "HogQLQuery", query = hogql, values }, refresh = "blocking" };

    [Fact]
    public void The_environments_path_answers_a_HogQLQueryResponse_with_columns_types_and_paging_fields()
    {
        var (status, body) = _server.ApiCall(HttpMethod.Post, "/api/environments/1/query/",
            Body("SELECT count() AS n, min(created_at) FROM persons WHERE properties.plan IN {plans}",
                new { plans = new[] { "pro", "enterprise" } }));

        Assert.Equal(200, status);
        JsonElement root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("[\"n\",\"min(created_at)\"]", root.GetProperty("columns").GetRawText());
        Assert.Equal("[[\"n\",\"UInt64\"],[\"min(created_at)\",\"DateTime64(6, 'UTC')\"]]",
            root.GetProperty("types").GetRawText());
        Assert.False(root.GetProperty("hasMore").GetBoolean());
        Assert.Equal((100, 0), (root.GetProperty("limit").GetInt32(), root.GetProperty("offset").GetInt32()));
        Assert.Equal(
            "SELECT count() AS n, min(created_at) FROM persons WHERE in(properties.plan, ['pro', 'enterprise']) LIMIT 101",
            root.GetProperty("hogql").GetString());
        JsonElement persons = _server.Api("/api/projects/1/persons/?limit=1000&properties="
            + Uri.EscapeDataString("[{\"key\":\"plan\",\"value\":[\"pro\",\"enterprise\"],\"type\":\"person\"}]"));
        int expected = persons.GetProperty("results").GetArrayLength();
        Assert.True(expected > 0);
        Assert.Equal(expected, root.GetProperty("results")[0][0].GetInt32());
    }

    [Fact]
    public void A_query_with_its_own_LIMIT_has_no_paging_fields()
    {
        var (status, body) = _server.ApiCall(HttpMethod.Post, "/api/projects/1/query/", Body("SELECT id FROM persons LIMIT 7"));

        Assert.Equal(200, status);
        JsonElement root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(7, root.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("hasMore").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("limit").ValueKind);
    }

    [Theory]
    [InlineData("SELECT id FROM events", "Unknown table `events`.")]
    [InlineData("SELECT id FROM persons WHERE", "Syntax error at line 1, column 29: expected an expression, found the end of the query.")]
    [InlineData("SELECT {missing}", "Placeholder {missing} is not available in this context. Values given: none.")]
    [InlineData("SELECT frobnicate(id) FROM persons", "Unsupported function call 'frobnicate(...)'")]
    public void HogQL_errors_are_400_validation_errors(string hogql, string detail)
    {
        var (status, body) = _server.ApiCall(HttpMethod.Post, "/api/projects/1/query/", Body(hogql));

        Assert.Equal(400, status);
        Assert.Equal(
            JsonSerializer.Serialize(
                new { type = "validation_error", code = "invalid_input", detail, attr = (string)null },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            body);
    }

    [Fact]
    public void Polling_an_unknown_query_is_404()
    {
        var (status, body) = _server.ApiCall(HttpMethod.Get, "/api/projects/1/query/0123abcd/", null);

        Assert.Equal(404, status);
        Assert.Contains("\"detail\":\"Query not found.\"", body);
    }

    [Fact]
    public void A_fourth_query_in_flight_is_throttled_with_PostHogs_concurrency_message()
    {
        _server.AddFault(new { kind = "delay", delayMs = 5000, pathContains = "/query/", times = 3 });
        var slow = Enumerable.Range(0, 3)
            .Select(_ => Task.Run(() => _server.ApiCall(HttpMethod.Post, "/api/projects/1/query/", Body("SELECT 1"))))
            .ToList();
        // The three hold their places once the delay fault has fired for each of them.
        while (_server.Get<JsonElement>("/_test/faults")[0].GetProperty("remaining").GetInt32() > 0)
        {
            Thread.Sleep(20);
        }

        var (status, body) = _server.ApiCall(HttpMethod.Post, "/api/projects/1/query/", Body("SELECT 1"));

        Assert.Equal(429, status);
        Assert.Equal(
            "{\"type\":\"throttled_error\",\"code\":\"throttled\",\"detail\":\"Too many queries are running right now"
            + " — please try again in a moment.\",\"attr\":null}",
            body);
        Assert.All(slow, task => Assert.Equal(200, task.Result.Status));
    }
}
