using System.Collections;
using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Integration;

/// <summary>How Get-PHPerson hands pages to a pipeline that is slower than the reading.</summary>
public sealed class GetPHPersonStreamingTests : IDisposable
{
    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public GetPHPersonStreamingTests()
    {
        _server.Reset(2500);
        _shell.Connect(_server);
        _server.ClearRequests();
    }

    public void Dispose() => _shell.Dispose();

    [Fact]
    public void A_slow_pipeline_holds_the_reading_back()
    {
        Func<int> requestsSoFar = () => _server.Requests().Count;

        ScriptResult result = _shell.Invoke(
            "$count = 0; $seen = $null\n"
            + "Get-PHPerson -PageSize 100 | ForEach-Object {\n"
            + "    if ($count++ -eq 0) { Start-Sleep -Milliseconds 500; $seen = $requestsSoFar.Invoke() }\n"
            + "}\n"
            + "$count; $seen",
            new Hashtable { ["requestsSoFar"] = requestsSoFar });

        Assert.Empty(result.Errors);
        Assert.Equal(2500, (int)result.Output[0].BaseObject);

        // While the first page is being written, the second waits as bytes and the third
        // may be on its way, but no fourth.
        Assert.InRange((int)result.Output[1].BaseObject, 1, 3);
        Assert.Equal(26, _server.Requests().Count);
    }

    [Fact]
    public void The_default_page_is_10000_persons()
    {
        // Other tests change the session's configuration; start from the defaults.
        PHConfiguration.Reload();

        ScriptResult result = _shell.Invoke("Get-PHPerson | Measure-Object | ForEach-Object Count");

        Assert.Equal(2500, (int)result.Output.Single().BaseObject);
        Assert.Equal("/api/projects/1/persons/?limit=10000", Assert.Single(_server.Requests()).PathAndQuery);
    }

    [Fact]
    public void The_next_page_is_not_fetched_when_the_current_one_is_enough()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -First 1500 -PageSize 1000");

        Assert.Equal(1500, result.Output.Count);
        Assert.Equal(
            new[] { "/api/projects/1/persons/?limit=1000", "/api/projects/1/persons/?limit=1000&offset=1000" },
            _server.Requests().Select(r => r.PathAndQuery));
    }

    [Fact]
    public void An_empty_list_still_reports_its_total()
    {
        ScriptResult result = _shell.Invoke(
            "Get-PHPerson -Email nobody@example.invalid -IncludeTotalCount | ForEach-Object { \"$_\" }");

        Assert.Empty(result.Errors);
        Assert.Equal("0", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Persons_read_from_the_stream_keep_their_json_kinds()
    {
        ScriptResult result = _shell.Invoke("Get-PHPerson -First 300");

        Assert.Equal(300, result.Output.Count);
        foreach (PHPerson person in result.Output.Select(o => (PHPerson)o.BaseObject))
        {
            var expected = _server.Person(person.Uuid).Value.GetProperty("properties");
            Assert.Equal(expected.GetRawText(), person.Properties.ToString());
            Assert.IsType<long>(person.Properties["seed_index"]);
        }
    }
}
