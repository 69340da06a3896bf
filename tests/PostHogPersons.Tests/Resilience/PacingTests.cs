using PostHogPersons.Models;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// With the module's pacing at or below the server's rate limit, the server never has to
/// refuse a request: counted at the server, not timed. Each test uses its own key, so its
/// pacer starts fresh; the pacing numbers are process-wide and restored afterwards.
/// </summary>
public sealed class PacingTests : IDisposable
{
    private const int Persons = 200;
    private const string List = "Get-PHPerson -PageSize 10 -MaximumRetryCount 0";

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();
    private readonly string _key = "phx_pacing_" + Guid.NewGuid().ToString("N");
    private readonly List<string> _seeded;

    public PacingTests()
    {
        _server.Reset(Persons);
        _server.AddKey(_key);
        _seeded = _server.Api($"/api/projects/1/persons/?limit={Persons}").GetProperty("results").EnumerateArray()
            .Select(p => p.GetProperty("uuid").GetString()).ToList();
        _shell.Connect(_server, _key);
        _server.ClearRequests();
    }

    public void Dispose()
    {
        _shell.Invoke("Set-PHConfiguration -PersonsReadPerMinute 240");
        _shell.Dispose();
    }

    private static List<string> Uuids(ScriptResult result) =>
        result.Output.Select(o => o.BaseObject is PHPerson p ? p.Uuid : o.ToString()).ToList();

    [Theory]
    [InlineData(5, 300)]
    [InlineData(10, 300)]
    public void Paced_at_or_below_the_servers_limit_no_request_is_refused(int serverPerSecond, int perMinute)
    {
        _server.Configure(new { rateLimitPerSecond = serverPerSecond });
        _shell.Invoke($"Set-PHConfiguration -PersonsReadPerMinute {perMinute}");

        ScriptResult result = _shell.Invoke(List);

        Assert.Empty(result.Errors);
        Assert.Equal(_seeded, Uuids(result));
        Assert.Equal(0, _server.Throttled());
        Assert.Equal(Persons / 10 + 1, _server.Requests().Count(r => r.Status == 200));
        Assert.Equal(Persons / 10 + 1, _server.Requests().Count);
    }

    [Fact]
    public void Parallel_runspaces_with_their_own_connections_share_one_pacer_per_host_and_key()
    {
        _server.Configure(new { rateLimitPerSecond = 15 });
        _shell.Invoke("Set-PHConfiguration -PersonsReadPerMinute 900");

        ScriptResult result = _shell.Invoke("""
            $module, $base, $key = $args
            1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module $using:module
                $context = Connect-PHProject -ApiHost $using:base -ProjectId 1 -NoDefault `
                    -ApiKey (ConvertTo-SecureString $using:key -AsPlainText -Force)
                (Get-PHPerson -Context $context -PageSize 10 -MaximumRetryCount 0).Uuid -join ','
            }
            """, null, HostedPowerShell.ModulePath, _server.BaseUrl, _key);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, run => Assert.Equal(string.Join(",", _seeded), run.ToString()));
        Assert.Equal(0, _server.Throttled());
        Assert.Equal(3 * (Persons / 10 + 1), _server.Requests().Count);
    }

    [Fact]
    public void Parallel_queries_wait_for_a_place_instead_of_being_refused()
    {
        // The server refuses a fourth query of the project while three run; each takes a second.
        _server.AddFault(new { kind = "delay", delayMs = 1000, pathContains = "/query/", times = -1 });

        ScriptResult result = _shell.Invoke("""
            $module, $base, $key = $args
            1..6 | ForEach-Object -ThrottleLimit 6 -Parallel {
                Import-Module $using:module
                $context = Connect-PHProject -ApiHost $using:base -ProjectId 1 -NoDefault -MaximumRetryCount 0 `
                    -ApiKey (ConvertTo-SecureString $using:key -AsPlainText -Force)
                (Invoke-PHQuery 'SELECT count() AS persons FROM persons' -Context $context).persons
            }
            """, null, HostedPowerShell.ModulePath, _server.BaseUrl, _key);

        Assert.Empty(result.Errors);
        Assert.Equal(Enumerable.Repeat((long)Persons, 6), result.Output.Select(o => Convert.ToInt64(o.BaseObject)));
        Assert.Equal(6, _server.Requests().Count(r => r.Status == 200));
        Assert.DoesNotContain(_server.Requests(), r => r.Status == 429);
    }

    [Fact]
    public void Without_pacing_the_same_run_is_refused_and_its_retries_still_lose_nobody()
    {
        // The counterpart of the tests above: proof that the server does refuse a run that is not paced.
        _server.Configure(new { rateLimitPerSecond = 5 });
        _shell.Invoke("Set-PHConfiguration -PersonsReadPerMinute 100000");

        ScriptResult result = _shell.Invoke("Get-PHPerson -PageSize 10 -MaximumRetryCount 10");

        Assert.Empty(result.Errors);
        Assert.Equal(_seeded, Uuids(result));
        Assert.True(_server.Throttled() > 0, "an unpaced run should have been throttled");
        Assert.Equal(_server.Throttled(), _server.Requests().Count(r => r.Status == 429));
        Assert.Equal(Persons / 10 + 1, _server.Requests().Count(r => r.Status == 200));
    }
}
