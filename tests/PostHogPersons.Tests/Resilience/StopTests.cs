using System.Diagnostics;
using System.Management.Automation;
using PostHogPersons.Tests.Infrastructure;
using Xunit;

namespace PostHogPersons.Tests.Resilience;

/// <summary>
/// Ctrl+C (PowerShell.Stop) ends a command at once wherever it waits: on a response that
/// never comes, on a body that stops half way, before a retry, or for the rate limit.
/// </summary>
public sealed class StopTests : IDisposable
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(1);

    private readonly TestServer _server = TestServer.Shared;
    private readonly HostedPowerShell _shell = new();

    public StopTests()
    {
        _server.Reset(20);
    }

    public void Dispose() => _shell.Dispose();

    /// <summary>Starts <paramref name="script"/>, waits until <paramref name="waiting"/> holds, stops it.</summary>
    private TimeSpan StopWhen(string script, Func<bool> waiting)
    {
        (PowerShell shell, IAsyncResult pending) = _shell.Start(script);
        using (shell)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!waiting() && !pending.IsCompleted && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            // (Reading shell.Streams before the end would block: its collections wait for more.)
            Assert.False(pending.IsCompleted, "the command ended before it could be stopped");

            // The command is now waiting; give it a moment to be deep in that wait.
            Thread.Sleep(200);
            var clock = Stopwatch.StartNew();
            shell.Stop();
            TimeSpan took = clock.Elapsed;

            Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
            return took;
        }
    }

    private bool FaultFired() => _server.FaultsFired().Sum() > 0;

    [Theory]
    [InlineData("stall")]
    [InlineData("stallBody")]
    public void Stop_ends_a_request_whose_answer_does_not_come(string kind)
    {
        _shell.Connect(_server);
        _server.ClearRequests();
        _server.AddFault(new { kind, delayMs = 60000 });

        TimeSpan took = StopWhen("Get-PHPerson -First 5 -TimeoutSec 100", FaultFired);

        Assert.True(took < Promptly, $"Stop took {took.TotalMilliseconds:0} ms");
        // 499: the server saw the client give up on the request.
        ServerRequest abandoned = Assert.Single(_server.RequestsWhenAtLeast(1));
        Assert.Equal(499, abandoned.Status);
    }

    [Fact]
    public void Stop_ends_the_polling_of_an_async_query_that_never_completes()
    {
        // A 202 query that never completes is covered in InvokePHQueryTests (QueryTimedOut);
        // here Ctrl+C must end the polling long before -TimeoutSec.
        _shell.Connect(_server);
        _server.Configure(new { queryAsync = true, queryCompleteAfterPolls = -1 });
        _server.ClearRequests();

        TimeSpan took = StopWhen(
            "Invoke-PHQuery 'SELECT id FROM persons' -TimeoutSec 600",
            () => _server.Requests().Count(r => r.Method == "GET") >= 2);

        Assert.True(took < Promptly, $"Stop took {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Stop_ends_a_listing_between_pages()
    {
        _shell.Connect(_server);
        _server.AddFault(new { kind = "stall", delayMs = 60000, queryContains = "offset=10" });

        TimeSpan took = StopWhen("Get-PHPerson -PageSize 5 -TimeoutSec 100", FaultFired);

        Assert.True(took < Promptly, $"Stop took {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Stop_ends_the_wait_before_a_retry()
    {
        _shell.Connect(_server);
        _server.AddFault(new
        {
            kind = "status",
            status = 429,
            times = -1,
            headers = new Dictionary<string, string> { ["Retry-After"] = "60" },
        });

        TimeSpan took = StopWhen("Get-PHPerson -First 5", FaultFired);

        Assert.True(took < Promptly, $"Stop took {took.TotalMilliseconds:0} ms");
        Assert.Single(_server.Requests());
    }

    [Fact]
    public void Stop_ends_the_wait_for_the_rate_limit()
    {
        const string key = "phx_stop_pacing_key";
        _server.AddKey(key);
        _shell.Connect(_server, key);
        _shell.Invoke("Set-PHConfiguration -PersonsReadPerMinute 1");
        try
        {
            _shell.Invoke("Get-PHPerson -First 1");
            _server.ClearRequests();
            var started = DateTime.UtcNow;

            TimeSpan took = StopWhen(
                "Get-PHPerson -First 1", () => DateTime.UtcNow - started > TimeSpan.FromMilliseconds(300));

            Assert.True(took < Promptly, $"Stop took {took.TotalMilliseconds:0} ms");
            Assert.Empty(_server.Requests());
        }
        finally
        {
            _shell.Invoke("Set-PHConfiguration -PersonsReadPerMinute 240");
        }
    }
}
