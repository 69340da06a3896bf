using System.Text.Json;
using PostHogPersons.Tests.Infrastructure;
using PostHogPersons.Tests.Support;
using Xunit;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// Faults on changes, sent through the shared client by a test stand-in for the write
/// cmdlets: a change that is safe to repeat is retried and takes effect once; split is
/// never sent twice; a delete whose answer was lost is not reported as a failure.
/// </summary>
public sealed class WriteFaultTests : IDisposable
{
    private const string Options = "-MaximumRetryCount 2 -RetryIntervalSec 0 -TimeoutSec 1";

    private const string StandIn = "PostHogPersons.Tests.Support.InvokePHTestRequestCommand";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly List<JsonElement> _persons;

    public WriteFaultTests()
    {
        _server.Reset(50);
        _shell.Invoke("Import-Module $args[0]", null, typeof(InvokePHTestRequestCommand).Assembly.Location);
        _shell.Connect(_server);
        _persons = _server.Api("/api/projects/1/persons/?limit=50").GetProperty("results").EnumerateArray().ToList();
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    private string Uuid(int index) => _persons[index].GetProperty("uuid").GetString();

    private string TwoIdPerson() => _persons.First(p => p.GetProperty("distinct_ids").GetArrayLength() >= 2)
        .GetProperty("uuid").GetString();

    private ScriptResult Send(string method, string path, string body = null)
    {
        return _shell.Invoke($"Invoke-PHTestRequest $args[0] $args[1] $args[2] {Options} -ErrorAction Continue",
            null, method, path, body);
    }

    private int Activity(string kind) => _server.Get<JsonElement>("/_test/activity").EnumerateArray()
        .Count(a => a.GetProperty("activity").GetString() == kind);

    [Fact]
    public void A_split_whose_connection_breaks_is_sent_once_and_reported_as_ConnectionFailed()
    {
        string uuid = TwoIdPerson();
        _server.AddFault(new { kind = "reset", bytes = 0, pathContains = "/split/" });

        ScriptResult result = Send("POST", $"persons/{uuid}/split/", "{}");

        Assert.Equal(new[] { "ConnectionFailed," + StandIn }, result.ErrorIds);
        Assert.Single(_server.RequestsWhenAtLeast(1));
        Assert.Equal(1, Activity("split_person"));
    }

    [Fact]
    public void A_split_answered_503_is_not_sent_again()
    {
        string uuid = TwoIdPerson();
        _server.AddFault(new { kind = "status", status = 503, pathContains = "/split/" });

        ScriptResult result = Send("POST", $"persons/{uuid}/split/", "{}");

        Assert.Equal(new[] { "ServerError," + StandIn }, result.ErrorIds);
        Assert.Single(_server.Requests());
        Assert.Equal(0, Activity("split_person"));
    }

    [Fact]
    public void A_split_answered_429_was_not_run_so_it_is_sent_again_and_runs_once()
    {
        string uuid = TwoIdPerson();
        _server.AddFault(new { kind = "status", status = 429, pathContains = "/split/" });

        ScriptResult result = Send("POST", $"persons/{uuid}/split/", "{}");

        Assert.Empty(result.Errors);
        Assert.Equal(201, Assert.Single(result.Output).BaseObject);
        Assert.Equal(new[] { 429, 201 }, _server.Requests().Select(r => r.Status));
        Assert.Equal(1, Activity("split_person"));
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("stall")]
    public void A_delete_whose_answer_is_lost_is_retried_and_its_404_means_done(string kind)
    {
        string uuid = Uuid(3);
        _server.AddFault(new { kind, delayMs = 20000, method = "DELETE" });

        ScriptResult result = Send("DELETE", $"persons/{uuid}/");

        Assert.Empty(result.Errors);
        Assert.Equal(404, Assert.Single(result.Output).BaseObject);
        Assert.Equal(2, _server.RequestsWhenAtLeast(2).Count);
        Assert.Null(_server.Person(uuid));
        Assert.Equal(1, Activity("deleted"));
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("stall")]
    [InlineData("html")]
    public void Setting_a_property_is_retried_and_takes_effect(string kind)
    {
        string uuid = Uuid(4);
        _server.AddFault(new { kind, delayMs = 20000, pathContains = "/update_property/" });

        ScriptResult result = Send(
            "POST", $"persons/{uuid}/update_property/", "{\"key\":\"tier\",\"value\":\"gold\"}");

        Assert.Empty(result.Errors);
        Assert.Equal(202, Assert.Single(result.Output).BaseObject);
        Assert.Equal(2, _server.RequestsWhenAtLeast(2).Count);
        Assert.Equal("gold", _server.Person(uuid).Value.GetProperty("properties").GetProperty("tier").GetString());
    }

    [Fact]
    public void A_patch_answered_504_is_retried_and_takes_effect()
    {
        string uuid = Uuid(5);
        _server.AddFault(new { kind = "status", status = 504, method = "PATCH" });

        ScriptResult result = Send("PATCH", $"persons/{uuid}/", "{\"properties\":{\"tier\":\"silver\"}}");

        Assert.Equal(202, Assert.Single(result.Output).BaseObject);
        Assert.Equal(new[] { 504, 202 }, _server.Requests().Select(r => r.Status));
        Assert.Equal("silver", _server.Person(uuid).Value.GetProperty("properties").GetProperty("tier").GetString());
    }

    [Fact]
    public void Removing_a_property_whose_answer_stalls_is_retried_and_takes_effect()
    {
        string uuid = Uuid(6);
        _server.AddFault(new { kind = "stall", delayMs = 20000, pathContains = "/delete_property/" });

        ScriptResult result = Send("POST", $"persons/{uuid}/delete_property/", "{\"$unset\":\"plan\"}");

        Assert.Equal(201, Assert.Single(result.Output).BaseObject);
        Assert.Equal(2, _server.RequestsWhenAtLeast(2).Count);
        Assert.False(_server.Person(uuid).Value.GetProperty("properties").TryGetProperty("plan", out _));
    }

    [Fact]
    public void A_bulk_delete_behind_a_failing_proxy_is_retried_and_deletes_every_person()
    {
        string[] uuids = { Uuid(7), Uuid(8), Uuid(9) };
        _server.AddFault(new { kind = "html", status = 502, pathContains = "/bulk_delete/" });

        ScriptResult result = Send("POST", "persons/bulk_delete/", JsonSerializer.Serialize(new { ids = uuids }));

        Assert.Equal(202, Assert.Single(result.Output).BaseObject);
        Assert.Equal(new[] { 502, 202 }, _server.Requests().Select(r => r.Status));
        Assert.All(uuids, u => Assert.Null(_server.Person(u)));
    }
}
