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
    public void A_slow_pipeline_holds_the_reading_back_with_at_most_one_page_waiting()
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

        // While the first page is being written the second may be read, but no third.
        Assert.InRange((int)result.Output[1].BaseObject, 1, 2);
        Assert.Equal(26, _server.Requests().Count);
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
